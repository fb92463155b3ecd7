// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The instructions of each method of a class file, as text: what a class does, regardless of how
 * the JVM lays out its constant pool when it hands the bytes back (JDK 25 keeps entries an earlier
 * version of the class used).
 */
final class MethodBodies {
    private MethodBodies() {}

    /** Method name and descriptor to its instructions, from Base64 class bytes. */
    static Map<String, String> of(String base64) {
        Map<String, String> bodies = new TreeMap<>();
        new ClassReader(Base64.getDecoder().decode(base64))
                .accept(
                        new ClassVisitor(Opcodes.ASM9) {
                            @Override
                            public MethodVisitor visitMethod(
                                    int access,
                                    String name,
                                    String descriptor,
                                    String signature,
                                    String[] exceptions) {
                                StringBuilder body = new StringBuilder();
                                bodies.put(name + descriptor, "");
                                return new MethodVisitor(Opcodes.ASM9) {
                                    @Override
                                    public void visitInsn(int opcode) {
                                        body.append(opcode).append(';');
                                    }

                                    @Override
                                    public void visitIntInsn(int opcode, int operand) {
                                        body.append(opcode).append(' ').append(operand).append(';');
                                    }

                                    @Override
                                    public void visitVarInsn(int opcode, int var) {
                                        body.append(opcode).append(" v").append(var).append(';');
                                    }

                                    @Override
                                    public void visitTypeInsn(int opcode, String type) {
                                        body.append(opcode).append(' ').append(type).append(';');
                                    }

                                    @Override
                                    public void visitFieldInsn(
                                            int opcode, String owner, String field, String desc) {
                                        body.append(opcode)
                                                .append(' ')
                                                .append(owner)
                                                .append('.')
                                                .append(field)
                                                .append(';');
                                    }

                                    @Override
                                    public void visitMethodInsn(
                                            int opcode,
                                            String owner,
                                            String method,
                                            String desc,
                                            boolean itf) {
                                        body.append(opcode)
                                                .append(' ')
                                                .append(owner)
                                                .append('.')
                                                .append(method)
                                                .append(desc)
                                                .append(';');
                                    }

                                    @Override
                                    public void visitInvokeDynamicInsn(
                                            String method,
                                            String desc,
                                            Handle bootstrap,
                                            Object... args) {
                                        body.append("indy ").append(method).append(';');
                                    }

                                    @Override
                                    public void visitJumpInsn(int opcode, Label label) {
                                        body.append(opcode).append(" jump;");
                                    }

                                    @Override
                                    public void visitLdcInsn(Object value) {
                                        body.append("ldc ").append(value).append(';');
                                    }

                                    @Override
                                    public void visitIincInsn(int var, int increment) {
                                        body.append("iinc v")
                                                .append(var)
                                                .append(' ')
                                                .append(increment)
                                                .append(';');
                                    }

                                    @Override
                                    public void visitEnd() {
                                        bodies.put(name + descriptor, body.toString());
                                    }
                                };
                            }
                        },
                        ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return bodies;
    }

    /** Whether any method calls into the agent's bridge. */
    static boolean callTheBridge(Map<String, String> bodies) {
        return bodies.values().stream()
                .anyMatch(body -> body.contains("dev/faultline/bridge/Bridge"));
    }
}
