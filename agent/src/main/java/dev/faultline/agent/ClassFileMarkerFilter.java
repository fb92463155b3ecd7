package dev.faultline.agent;

import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.List;

/**
 * Passes over, before Byte Buddy parses it, every class whose bytes name none of the points'
 * markers ({@code java/sql/} ...): most classes an application loads, which would otherwise each
 * cost a parse and a walk of their supertypes at start-up.
 */
final class ClassFileMarkerFilter extends ResettableClassFileTransformer.WithDelegation {
    private final byte[][] markers;

    ClassFileMarkerFilter(ResettableClassFileTransformer transformer, List<String> markers) {
        super(transformer);
        this.markers = new byte[markers.size()][];
        for (int i = 0; i < markers.size(); i++) {
            this.markers[i] = markers.get(i).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile)
            throws java.lang.instrument.IllegalClassFormatException {
        return mentionsAMarker(classFile) ? classFileTransformer.transform(loader, name, redefined, domain, classFile) : null;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile)
            throws java.lang.instrument.IllegalClassFormatException {
        return mentionsAMarker(classFile) ? classFileTransformer.transform(module, loader, name, redefined, domain, classFile) : null;
    }

    private boolean mentionsAMarker(byte[] classFile) {
        for (byte[] marker : markers) {
            if (indexOf(classFile, marker) >= 0) {
                return true;
            }
        }
        return false;
    }

    static int indexOf(byte[] data, byte[] marker) {
        byte first = marker[0];
        int last = data.length - marker.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (data[i] != first) {
                continue;
            }
            for (int j = 1; j < marker.length; j++) {
                if (data[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
