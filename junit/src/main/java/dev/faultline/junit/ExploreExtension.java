// SPDX-License-Identifier: Apache-2.0
package dev.faultline.junit;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The runs of a {@link FaultlineExplore} test: the recording run first, then one run per recorded
 * call and failure. The runs after the first are planned from what the first recorded, so they are
 * produced lazily: JUnit runs each invocation before it asks for the next.
 */
final class ExploreExtension implements TestTemplateInvocationContextProvider {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ExploreExtension.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod()
                .map(m -> AnnotationSupport.isAnnotated(m, FaultlineExplore.class))
                .orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
            ExtensionContext context) {
        FaultlineExtension.refuseParallel(context);
        FaultlineExplore config =
                AnnotationSupport.findAnnotation(
                                context.getRequiredTestMethod(), FaultlineExplore.class)
                        .orElseThrow();
        Exploration exploration = new Exploration(context, config);
        // Closed when the template's runs are done, whatever their outcomes: the summary is written
        // then.
        context.getStore(NAMESPACE).put(Exploration.class, exploration);
        Iterator<TestTemplateInvocationContext> runs =
                new Iterator<>() {
                    private boolean recorded;
                    private List<Exploration.Case> planned;
                    private int next;

                    @Override
                    public boolean hasNext() {
                        if (!recorded) {
                            return true;
                        }
                        if (planned == null) {
                            planned = exploration.plan(); // the recording run is over by now
                        }
                        return next < planned.size();
                    }

                    @Override
                    public TestTemplateInvocationContext next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        if (!recorded) {
                            recorded = true;
                            return exploration.recordingRun();
                        }
                        return exploration.run(planned.get(next++));
                    }
                };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(runs, Spliterator.ORDERED), false);
    }
}
