// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a class file mentions one of the points' markers ({@code java/sql/Statement}, {@code
 * io/grpc/} ...): the test that runs on every class the JVM loads while the agent is installed, so
 * a Spring Boot start pays it some ten thousand times.
 *
 * <p>Names stand only in the constant pool's UTF-8 entries, so only those are read: the code, the
 * attributes and the other constants (usually more than half of the file) are skipped. Within an
 * entry each position is tried against only the markers beginning with its byte, in one pass for
 * every marker. Reading the file once per marker from end to end, as before, was a quarter of the
 * CPU the product sample spent starting.
 *
 * <p>A file whose constant pool cannot be read (it is not a class file the JVM would accept) is
 * searched from end to end instead, so the answer never depends on the parse having succeeded.
 */
final class ClassFileMarkers {
    private static final int MAGIC = 0xCAFEBABE;

    /** The markers, by their first byte (all markers are ASCII). */
    private final byte[][][] byFirstByte = new byte[128][][];

    private final int shortest;

    ClassFileMarkers(List<String> markers) {
        List<List<byte[]>> grouped = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            grouped.add(new ArrayList<>());
        }
        int shortest = Integer.MAX_VALUE;
        for (String marker : markers) {
            byte[] bytes = marker.getBytes(StandardCharsets.UTF_8);
            if (bytes.length == 0 || bytes[0] < 0) {
                throw new IllegalArgumentException(
                        "a class-file marker must be a non-empty internal name, not '"
                                + marker
                                + "'");
            }
            grouped.get(bytes[0]).add(bytes);
            shortest = Math.min(shortest, bytes.length);
        }
        for (int i = 0; i < 128; i++) {
            if (!grouped.get(i).isEmpty()) {
                byFirstByte[i] = grouped.get(i).toArray(new byte[0][]);
            }
        }
        this.shortest = shortest;
    }

    boolean mentionedIn(byte[] classFile) {
        if (shortest == Integer.MAX_VALUE) {
            return false;
        }
        try {
            int verdict = inConstantPool(classFile);
            if (verdict >= 0) {
                return verdict == 1;
            }
        } catch (ArrayIndexOutOfBoundsException malformed) {
            // not a class file the JVM would define: fall through to the plain search
        }
        return within(classFile, 0, classFile.length);
    }

    /** 1 if a UTF-8 constant holds a marker, 0 if none does, -1 if the pool is not readable. */
    private int inConstantPool(byte[] b) {
        if (b.length < 10 || readInt(b, 0) != MAGIC) {
            return -1;
        }
        int count = readUnsignedShort(b, 8);
        int at = 10;
        for (int index = 1; index < count; index++) {
            switch (b[at]) {
                case 1: // Utf8: u2 length, bytes
                    int length = readUnsignedShort(b, at + 1);
                    int end = at + 3 + length;
                    if (end > b.length) {
                        return -1;
                    }
                    if (within(b, at + 3, end)) {
                        return 1;
                    }
                    at = end;
                    break;
                case 7: // Class
                case 8: // String
                case 16: // MethodType
                case 19: // Module
                case 20: // Package
                    at += 3;
                    break;
                case 15: // MethodHandle
                    at += 4;
                    break;
                case 3: // Integer
                case 4: // Float
                case 9: // Fieldref
                case 10: // Methodref
                case 11: // InterfaceMethodref
                case 12: // NameAndType
                case 17: // Dynamic
                case 18: // InvokeDynamic
                    at += 5;
                    break;
                case 5: // Long
                case 6: // Double: two slots
                    at += 9;
                    index++;
                    break;
                default:
                    return -1;
            }
        }
        return 0;
    }

    private boolean within(byte[] b, int from, int to) {
        int last = to - shortest;
        for (int i = from; i <= last; i++) {
            int first = b[i];
            if (first < 0) {
                continue;
            }
            byte[][] candidates = byFirstByte[first];
            if (candidates == null) {
                continue;
            }
            for (byte[] marker : candidates) {
                if (startsAt(b, i, to, marker)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsAt(byte[] b, int at, int to, byte[] marker) {
        if (at + marker.length > to) {
            return false;
        }
        for (int j = 1; j < marker.length; j++) {
            if (b[at + j] != marker[j]) {
                return false;
            }
        }
        return true;
    }

    private static int readUnsignedShort(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int readInt(byte[] b, int at) {
        return (readUnsignedShort(b, at) << 16) | readUnsignedShort(b, at + 2);
    }
}
