// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

class DynamicAttachOnJdk17IT extends DynamicAttachContract {
    @Override
    Jdk jdk() {
        return Jdk.jdk17();
    }
}
