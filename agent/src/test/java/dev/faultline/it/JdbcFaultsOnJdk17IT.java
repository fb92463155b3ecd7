// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

class JdbcFaultsOnJdk17IT extends JdbcFaultsContract {
    @Override
    Jdk jdk() {
        return Jdk.jdk17();
    }
}
