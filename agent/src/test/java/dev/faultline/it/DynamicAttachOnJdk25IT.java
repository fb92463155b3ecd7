// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

class DynamicAttachOnJdk25IT extends DynamicAttachContract {
    @Override
    Jdk jdk() {
        return Jdk.jdk25();
    }
}
