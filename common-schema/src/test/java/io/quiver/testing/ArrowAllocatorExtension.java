package io.quiver.testing;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a fresh {@link BufferAllocator} (as a parameter) and fails the test if any Arrow
 * buffer is still allocated when it ends, so every test that uses it is also a leak test.
 */
public final class ArrowAllocatorExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ArrowAllocatorExtension.class);
    private static final String KEY = "allocator";

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == BufferAllocator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) throws ParameterResolutionException {
        return e.getStore(NS).computeIfAbsent(KEY, k -> new RootAllocator(Long.MAX_VALUE), RootAllocator.class);
    }

    @Override
    public void afterEach(ExtensionContext e) {
        RootAllocator allocator = e.getStore(NS).remove(KEY, RootAllocator.class);
        if (allocator == null) {
            return;
        }
        long leaked = allocator.getAllocatedMemory();
        String detail = leaked == 0 ? "" : allocator.toVerboseString();
        try {
            allocator.close();
        } catch (IllegalStateException closeFailure) {
            throw new AssertionError("Arrow memory leak in " + e.getDisplayName() + ": " + leaked + " bytes still allocated\n" + detail,
                    closeFailure);
        }
        if (leaked != 0) {
            throw new AssertionError("Arrow memory leak in " + e.getDisplayName() + ": " + leaked + " bytes still allocated");
        }
    }
}
