// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

/**
 * Keeps the type descriptions Byte Buddy parses while matching (a class's supertypes, over and
 * over), one soft cache per class loader, held weakly so that an undeployed application's class
 * loader can still be collected.
 */
final class TypePoolCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {
    private static final TypePool.CacheProvider BOOTSTRAP =
            new TypePool.CacheProvider.Simple.UsingSoftReference();

    private final Map<ClassLoader, TypePool.CacheProvider> byLoader = new WeakHashMap<>();

    TypePoolCache() {
        super(TypePool.Default.ReaderMode.FAST);
    }

    @Override
    protected TypePool.CacheProvider locate(ClassLoader classLoader) {
        if (classLoader == null) {
            return BOOTSTRAP;
        }
        synchronized (byLoader) {
            return byLoader.computeIfAbsent(
                    classLoader, loader -> new TypePool.CacheProvider.Simple.UsingSoftReference());
        }
    }
}
