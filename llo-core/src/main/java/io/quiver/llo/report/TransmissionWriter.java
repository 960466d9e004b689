package io.quiver.llo.report;

import java.util.List;

import io.quiver.schema.LloSchemas;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Writes {@link Transmission}s as a {@code Transmission} record. Signatures and signers are empty
 * lists: Quiver computes reports but does not sign them (there is no OCR key here).
 */
public final class TransmissionWriter {

    private TransmissionWriter() {
    }

    public static VectorSchemaRoot write(List<Transmission> rows, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(LloSchemas.TRANSMISSION.arrowSchema(), allocator);
        try {
            for (var v : root.getFieldVectors()) {
                v.setInitialCapacity(Math.max(1, rows.size()));
                v.allocateNew();
            }
            VarCharVector url = (VarCharVector) root.getVector("server_url");
            FixedSizeBinaryVector digest = (FixedSizeBinaryVector) root.getVector("config_digest");
            UInt8Vector seq = (UInt8Vector) root.getVector("seq_nr");
            LargeVarBinaryVector data = (LargeVarBinaryVector) root.getVector("report_data");
            VarCharVector stage = (VarCharVector) root.getVector("lifecycle_stage");
            UInt4Vector format = (UInt4Vector) root.getVector("report_format");
            ListVector signatures = (ListVector) root.getVector("signatures");
            ListVector signers = (ListVector) root.getVector("signers");
            FixedSizeBinaryVector hash = (FixedSizeBinaryVector) root.getVector("transmission_hash");
            TimeStampNanoTZVector created = (TimeStampNanoTZVector) root.getVector("created_at_ns");
            for (int i = 0; i < rows.size(); i++) {
                Transmission t = rows.get(i);
                url.setSafe(i, t.serverUrl().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.setSafe(i, t.configDigest());
                seq.setSafe(i, t.seqNr());
                data.setSafe(i, t.reportData());
                stage.setSafe(i, t.lifecycleStage().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                format.setSafe(i, t.reportFormat());
                signatures.startNewValue(i);
                signatures.endValue(i, 0);
                signers.startNewValue(i);
                signers.endValue(i, 0);
                hash.setSafe(i, t.transmissionHash());
                created.setSafe(i, t.createdAtNanos());
            }
            root.setRowCount(rows.size());
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }
}
