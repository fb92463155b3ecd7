// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The JDK's real {@code jcmd} binary, as a user at a shell runs it. */
final class Jcmd {
    private final Jdk jdk;
    private final long pid;

    Jcmd(Jdk jdk, long pid) {
        this.jdk = jdk;
        this.pid = pid;
    }

    /** {@code jcmd <pid> JVMTI.agent_load <agent jar> <argument>}; returns what jcmd printed. */
    String agentLoad(String argument) throws IOException, InterruptedException {
        return run("JVMTI.agent_load", ChildJvm.AGENT_JAR.toString(), argument);
    }

    /** A system property of the target, read with {@code jcmd <pid> VM.system_properties}. */
    String property(String name) throws IOException, InterruptedException {
        String prefix = name + "=";
        for (String line : run("VM.system_properties").split("\n")) {
            if (line.startsWith(prefix)) {
                return unescape(line.substring(prefix.length()));
            }
        }
        return null;
    }

    String run(String... command) throws IOException, InterruptedException {
        String[] argv = new String[command.length + 2];
        argv[0] = jdk.jcmd().toString();
        argv[1] = String.valueOf(pid);
        System.arraycopy(command, 0, argv, 2, command.length);
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("jcmd did not finish: " + String.join(" ", argv));
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("jcmd failed (" + process.exitValue() + "): " + text);
        }
        return text;
    }

    /** VM.system_properties prints properties in java.util.Properties' escaped form. */
    private static String unescape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }
}
