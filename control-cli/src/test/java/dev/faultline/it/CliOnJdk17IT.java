// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

class CliOnJdk17IT extends CliContract {
    @Override
    Jdk jdk() {
        return Jdk.jdk17();
    }
}
