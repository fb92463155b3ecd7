package dev.faultline.it;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The TCP sockets a process listens on, read from Linux's /proc. */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    static boolean supported() {
        return Files.isDirectory(Paths.get("/proc/self/fd"));
    }

    /** How many TCP sockets (IPv4 and IPv6) the process has in the LISTEN state. */
    static int count(long pid) throws IOException {
        Set<String> ownInodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Paths.get("/proc/" + pid + "/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        ownInodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed while listing
                }
            }
        }
        int listening = 0;
        for (String table : new String[] {"tcp", "tcp6"}) {
            Path file = Paths.get("/proc/" + pid + "/net/" + table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length > 9 && columns[3].equals(LISTEN) && ownInodes.contains(columns[9])) {
                    listening++;
                }
            }
        }
        return listening;
    }
}
