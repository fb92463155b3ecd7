// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The protocol of the test applications: {@code > ready <pid>}, then one command per line on stdin,
 * each answered by one line {@code > ok <millis> <detail>} or {@code > error <millis> <class> -
 * <message>}, so the tests observe each fault exactly as the application sees it. {@code exit} ends
 * it.
 */
final class CommandLoop {
    interface Commands {
        String run(String[] words) throws Exception;
    }

    private CommandLoop() {}

    static void serve(Commands commands) throws Exception {
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("> ready " + ProcessHandle.current().pid());
        System.out.flush();
        for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
            long start = System.nanoTime();
            String answer;
            try {
                String result = commands.run(line.trim().split(" "));
                answer = "ok " + elapsed(start) + " " + result;
            } catch (Exception e) {
                answer =
                        "error "
                                + elapsed(start)
                                + " "
                                + e.getClass().getName()
                                + " - "
                                + e.getMessage();
            }
            System.out.println("> " + answer.replace('\n', ' '));
            System.out.flush();
        }
    }

    static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
