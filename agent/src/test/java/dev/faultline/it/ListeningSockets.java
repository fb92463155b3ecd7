// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
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
        return addresses(pid).size();
    }

    /**
     * The local addresses of the TCP sockets (IPv4 and IPv6) the process has in the LISTEN state.
     */
    static List<InetSocketAddress> addresses(long pid) throws IOException {
        Set<String> ownInodes = new HashSet<>();
        try (DirectoryStream<Path> fds =
                Files.newDirectoryStream(Paths.get("/proc/" + pid + "/fd"))) {
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
        List<InetSocketAddress> listening = new ArrayList<>();
        for (String table : new String[] {"tcp", "tcp6"}) {
            Path file = Paths.get("/proc/" + pid + "/net/" + table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length > 9
                        && columns[3].equals(LISTEN)
                        && ownInodes.contains(columns[9])) {
                    listening.add(address(columns[1]));
                }
            }
        }
        return listening;
    }

    /**
     * {@code 0100007F:1F90}: the address as 32-bit words in host (little-endian) order, the port in
     * hex.
     */
    private static InetSocketAddress address(String column) throws IOException {
        String[] parts = column.split(":");
        String hex = parts[0];
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return new InetSocketAddress(
                InetAddress.getByAddress(bytes), Integer.parseInt(parts[1], 16));
    }
}
