package io.quiver.ttp.output;

import io.quiver.legacy.TokenTransferEventProtoConverter;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.schema.rows.TokenTransferEventVectors;
import io.quiver.ttp.model.MuxedInfo;
import io.quiver.ttp.model.TokenTransferEvent;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A ledger's events in the shared output forms: {@link TokenTransferEventRow} (the
 * {@code TokenTransferEvent} Arrow schema's row, whose {@code event_index} is the event's place in
 * the ledger's ordered list), appended straight into Arrow vectors, or as stellar/go's protobuf for
 * legacy consumers.
 */
public final class EventRows {

    private EventRows() {
    }

    /** The rows of one ledger's events, in order. */
    public static List<TokenTransferEventRow> rows(List<TokenTransferEvent> ledgerEvents) {
        List<TokenTransferEventRow> out = new ArrayList<>(ledgerEvents.size());
        for (int i = 0; i < ledgerEvents.size(); i++) {
            out.add(row(ledgerEvents.get(i), i));
        }
        return out;
    }

    /** Appends one ledger's events to {@code vectors} (the caller owns the vectors and closes them). */
    public static void append(List<TokenTransferEvent> ledgerEvents, TokenTransferEventVectors vectors) {
        vectors.appendAll(rows(ledgerEvents));
    }

    public static List<io.quiver.legacy.proto.tokentransfer.TokenTransferEvent> protos(List<TokenTransferEvent> ledgerEvents) {
        List<io.quiver.legacy.proto.tokentransfer.TokenTransferEvent> out = new ArrayList<>(ledgerEvents.size());
        for (TokenTransferEventRow r : rows(ledgerEvents)) {
            out.add(TokenTransferEventProtoConverter.toProto(r));
        }
        return out;
    }

    public static TokenTransferEventRow row(TokenTransferEvent e, long eventIndex) {
        var m = e.meta();
        String assetType = e.asset() == null ? null : e.asset().isNative() ? "native" : "issued";
        MuxedInfo mx = m.toMuxedInfo();
        String muxedType = mx == null ? null : mx.text() != null ? "text" : mx.id() != null ? "id" : "hash";
        return new TokenTransferEventRow(m.ledgerSequence(), m.closedAt(), HexFormat.of().parseHex(m.txHash()), m.transactionIndex(),
                m.operationIndex() == null ? null : m.operationIndex().longValue(), eventIndex, e.type().name().toLowerCase(java.util.Locale.ROOT),
                m.contractAddress(), e.from(), e.to(), assetType, e.asset() == null ? null : e.asset().code(),
                e.asset() == null ? null : e.asset().issuer(), e.amount(), muxedType, mx == null ? null : mx.text(),
                mx == null ? null : mx.id(), mx == null ? null : mx.hash());
    }
}
