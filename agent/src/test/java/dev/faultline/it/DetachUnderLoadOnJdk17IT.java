// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

class DetachUnderLoadOnJdk17IT extends DetachUnderLoadContract {
    @Override
    Jdk jdk() {
        return Jdk.jdk17();
    }
}
