// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.kafka;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faultline.bridge.Bridge;
import dev.faultline.points.Bound;
import dev.faultline.points.PointInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code kafka.send} on {@code KafkaProducer.send(record, callback)} (the one-argument send calls
 * it). A fault that fails, drops or holds the record replaces the returned Future.
 */
final class KafkaSendInstrumentation implements PointInstrumentation {

    @Override
    public String point() {
        return "kafka.send";
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named("org.apache.kafka.clients.producer.KafkaProducer");
    }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return named("send").and(isPublic()).and(takesArguments(2));
    }

    @Override
    public Class<?> advice() {
        return SendAdvice.class;
    }

    static final class SendAdvice {
        private SendAdvice() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(
                @Bound.PointMask long mask,
                @Bound.PointId int point,
                @Advice.This Object producer,
                @Advice.Argument(0) Object record,
                @Advice.Argument(1) Object callback) {
            return (Bridge.switches & mask) != 0
                    ? Bridge.replace(point, producer, record, callback)
                    : null;
        }

        @Advice.OnMethodExit
        static void exit(
                @Advice.Enter Object replacement,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object future) {
            if (replacement != null) {
                future = replacement;
            }
        }
    }
}
