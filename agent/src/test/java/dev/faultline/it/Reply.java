// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

/**
 * One answer of the child application: {@code ok <millis> <detail>} or {@code error <millis>
 * <class> <sqlState> <message>}.
 */
final class Reply {
    final boolean ok;
    final long millis;
    final String detail;

    private Reply(boolean ok, long millis, String detail) {
        this.ok = ok;
        this.millis = millis;
        this.detail = detail;
    }

    static Reply parse(String line) {
        String[] parts = line.split(" ", 3);
        return new Reply(
                parts[0].equals("ok"), Long.parseLong(parts[1]), parts.length > 2 ? parts[2] : "");
    }

    /** For an error: the exception class. */
    String exception() {
        return detail.split(" ", 2)[0];
    }

    /** For an error: the SQLState. */
    String sqlState() {
        return detail.split(" ", 3)[1];
    }

    /** For an error: the message. */
    String message() {
        String[] parts = detail.split(" ", 3);
        return parts.length > 2 ? parts[2] : "";
    }

    @Override
    public String toString() {
        return (ok ? "ok " : "error ") + millis + "ms " + detail;
    }
}
