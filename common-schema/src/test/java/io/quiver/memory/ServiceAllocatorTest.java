package io.quiver.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.junit.jupiter.api.Test;

class ServiceAllocatorTest {

    @Test
    void aStageOverItsLimitFailsThatAllocationOnlyAndTheStageRecovers() {
        try (ServiceAllocator alloc = ServiceAllocator.create("test", 1 << 20)) {
            BufferAllocator decode = alloc.stage("decode", 64 * 1024);
            assertThrows(OutOfMemoryException.class, () -> decode.buffer(128 * 1024));
            try (ArrowBuf ok = decode.buffer(32 * 1024)) {
                assertTrue(ok.capacity() >= 32 * 1024);
            }
            assertSame(decode, alloc.stage("decode", 1));
        }
    }

    @Test
    void gaugesReportAllocatedPeakAndLimitPerStage() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ServiceAllocator alloc = ServiceAllocator.create("svc", 1 << 20)) {
            alloc.bindTo(registry);
            BufferAllocator stage = alloc.stage("encode", 512 * 1024);
            try (ArrowBuf b = stage.buffer(4096)) {
                double allocated = registry.get(ServiceAllocator.ALLOCATED_GAUGE).tag("allocator", "encode").gauge().value();
                assertTrue(allocated >= 4096, "allocated gauge " + allocated);
                assertTrue(registry.get(ServiceAllocator.ALLOCATED_GAUGE).tag("allocator", "root").gauge().value() >= 4096);
            }
            assertEquals(0.0, registry.get(ServiceAllocator.ALLOCATED_GAUGE).tag("allocator", "encode").gauge().value());
            assertTrue(registry.get(ServiceAllocator.PEAK_GAUGE).tag("allocator", "encode").gauge().value() >= 4096);
            assertEquals(512 * 1024.0, registry.get(ServiceAllocator.LIMIT_GAUGE).tag("allocator", "encode").gauge().value());
        }
    }

    @Test
    void closingWithAnUnreleasedBufferReportsTheLeak() {
        ServiceAllocator alloc = ServiceAllocator.create("leaky", 1 << 20);
        alloc.stage("extract", 1 << 20).buffer(100);
        IllegalStateException e = assertThrows(IllegalStateException.class, alloc::close);
        assertTrue(e.getMessage().contains("leaked"), e.getMessage());
    }
}
