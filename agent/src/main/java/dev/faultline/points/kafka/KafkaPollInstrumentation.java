// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.kafka;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faultline.points.CallAdvice;
import dev.faultline.points.PointInstrumentation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code kafka.poll} on {@code KafkaConsumer.poll(Duration)} (and {@code poll(long)} of 3.x). */
final class KafkaPollInstrumentation implements PointInstrumentation {

    @Override
    public String point() {
        return "kafka.poll";
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named("org.apache.kafka.clients.consumer.KafkaConsumer");
    }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return named("poll").and(isPublic()).and(takesArguments(1));
    }

    @Override
    public Class<?> advice() {
        return CallAdvice.OnTarget.class;
    }
}
