package io.quiver.sink.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Query parameters parsed with one-line errors naming the parameter (a 400, never a 404 or a 500). */
final class RestParams {

    private RestParams() {
    }

    /** A ledger sequence (0..2^32-1), or {@code fallback} when absent. */
    static long ledger(String name, String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long v = Long.parseLong(value.trim());
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException(name + ": " + v + " is not a ledger sequence (0 to 4294967295)");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a ledger sequence");
        }
    }

    /** Ledgers {@code from_ledger}..{@code to_ledger}, both inclusive, each 0..2^32-1 when absent; {@code to} before {@code from} is an error. */
    record LedgerRange(long from, long to) {
    }

    static LedgerRange ledgerRange(String fromLedger, String toLedger) {
        long from = ledger("from_ledger", fromLedger, 0);
        long to = ledger("to_ledger", toLedger, 0xFFFF_FFFFL);
        if (to < from) {
            throw new IllegalArgumentException("to_ledger " + to + " is before from_ledger " + from);
        }
        return new LedgerRange(from, to);
    }

    /** A positive count up to {@code max}, or {@code fallback}. */
    static int limit(String value, int fallback, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value.trim());
            if (v < 1 || v > max) {
                throw new IllegalArgumentException("limit: " + v + " is out of range (1 to " + max + ")");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit: '" + value + "' is not a number (1 to " + max + ")");
        }
    }

    /** An instant as ISO-8601 ({@code 2025-06-01T12:00:00Z}) or a date ({@code 2025-06-01}, its start, UTC); null when absent. */
    static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not an ISO-8601 time (2025-06-01T12:00:00Z) or date");
        }
    }
}
