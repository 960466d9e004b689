package io.quiver.sink.flight;

import static org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import static org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import static org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import static org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCatalogs;
import static org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import static org.apache.arrow.flight.sql.impl.FlightSql.CommandGetSqlInfo;
import static org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTableTypes;
import static org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import static org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import static org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import static org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.quiver.lake.manifest.LakeFile;
import io.quiver.service.endpoint.RangeTicket;
import io.quiver.sink.events.EventSelection;
import io.quiver.lake.table.LakeScans;
import io.quiver.sink.query.ArrowExport;
import io.quiver.sink.query.LakeQueryEngine;
import io.quiver.sink.query.QueryException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.NoOpFlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jboss.logging.Logger;

/**
 * Flight SQL over the lake's DuckDB views (statements, prepared statements without parameters,
 * catalogs, schemas, tables with their Arrow schemas, table types, SQL info, cancellation by the
 * client closing the stream), and plain Flight: {@code ListFlights} one flight per table,
 * {@code GetFlightInfo} of a table path one endpoint per committed file in record-time order, and
 * {@code DoGet} of a file ticket ({@code lake:<path>}) or of {@code ttp_events:START:END[:FILTERS]} (the
 * TokenTransferEvent columns as the lake types them: {@code tx_hash} binary, not fixed-size).
 * Results stream as DuckDB exports them (Arrow batches, no row objects). Bad statements and tickets
 * are INVALID_ARGUMENT with a one-line message.
 */
final class LakeSqlProducer extends NoOpFlightSqlProducer {

    private static final Logger LOG = Logger.getLogger(LakeSqlProducer.class);
    /** DuckDB's names for the in-memory database and its schema, so that qualified names work as reported. */
    static final String CATALOG = "memory";
    static final String SCHEMA = "main";
    static final String FILE_TICKET = "lake:";
    static final String EVENTS_TICKET = "ttp_events";

    private final LakeQueryEngine engine;
    private final BufferAllocator allocator;
    /** What cancels the statements running now, by handle. */
    private final Map<ByteString, List<Runnable>> running = new ConcurrentHashMap<>();
    private final SqlInfoBuilder sqlInfo = new SqlInfoBuilder()
            .withFlightSqlServerName("Quiver lake (DuckDB)")
            .withFlightSqlServerVersion("0.1.0")
            .withFlightSqlServerArrowVersion("19.0.0")
            .withFlightSqlServerReadOnly(true)
            .withFlightSqlServerSql(true)
            .withFlightSqlServerSubstrait(false)
            .withFlightSqlServerCancel(true)
            .withSqlIdentifierQuoteChar("\"")
            .withSqlDdlCatalog(false);

    LakeSqlProducer(LakeQueryEngine engine, BufferAllocator allocator) {
        this.engine = engine;
        this.allocator = allocator;
    }

    // ---- Flight SQL: statements

    @Override
    public FlightInfo getFlightInfoStatement(CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
        String sql = command.getQuery();
        Schema schema = schemaOf(sql);
        TicketStatementQuery ticket = TicketStatementQuery.newBuilder().setStatementHandle(handle(sql)).build();
        return info(schema, descriptor, ticket);
    }

    @Override
    public SchemaResult getSchemaStatement(CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
        return new SchemaResult(schemaOf(command.getQuery()));
    }

    @Override
    public void getStreamStatement(TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
        streamHandle(ticket.getStatementHandle(), listener);
    }

    @Override
    public void createPreparedStatement(ActionCreatePreparedStatementRequest request, CallContext context,
                                        StreamListener<Result> listener) {
        try {
            Schema schema = schemaOf(request.getQuery());
            ActionCreatePreparedStatementResult result = ActionCreatePreparedStatementResult.newBuilder()
                    .setPreparedStatementHandle(handle(request.getQuery()))
                    .setDatasetSchema(ByteString.copyFrom(schema.serializeAsMessage()))
                    .setParameterSchema(ByteString.copyFrom(new Schema(List.of()).serializeAsMessage()))
                    .build();
            listener.onNext(new Result(Any.pack(result).toByteArray()));
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(e);
        }
    }

    @Override
    public void closePreparedStatement(ActionClosePreparedStatementRequest request, CallContext context,
                                       StreamListener<Result> listener) {
        // the handle is the statement itself: nothing is held between calls
        listener.onCompleted();
    }

    @Override
    public FlightInfo getFlightInfoPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
                                                     FlightDescriptor descriptor) {
        return info(schemaOf(sqlOf(command.getPreparedStatementHandle())), descriptor, command);
    }

    @Override
    public void getStreamPreparedStatement(CommandPreparedStatementQuery command, CallContext context, ServerStreamListener listener) {
        streamHandle(command.getPreparedStatementHandle(), listener);
    }

    // ---- Flight SQL: metadata

    @Override
    public FlightInfo getFlightInfoSqlInfo(CommandGetSqlInfo request, CallContext context, FlightDescriptor descriptor) {
        return info(Schemas.GET_SQL_INFO_SCHEMA, descriptor, request);
    }

    @Override
    public void getStreamSqlInfo(CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
        sqlInfo.send(command.getInfoList(), listener);
    }

    @Override
    public FlightInfo getFlightInfoCatalogs(CommandGetCatalogs request, CallContext context, FlightDescriptor descriptor) {
        return info(Schemas.GET_CATALOGS_SCHEMA, descriptor, request);
    }

    @Override
    public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
        sendRow(Schemas.GET_CATALOGS_SCHEMA, Map.of("catalog_name", CATALOG), listener);
    }

    @Override
    public FlightInfo getFlightInfoSchemas(CommandGetDbSchemas request, CallContext context, FlightDescriptor descriptor) {
        return info(Schemas.GET_SCHEMAS_SCHEMA, descriptor, request);
    }

    @Override
    public void getStreamSchemas(CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
        boolean match = (!command.hasCatalog() || command.getCatalog().equals(CATALOG))
                && (!command.hasDbSchemaFilterPattern() || like(command.getDbSchemaFilterPattern()).matcher(SCHEMA).matches());
        sendRow(Schemas.GET_SCHEMAS_SCHEMA, match ? Map.of("catalog_name", CATALOG, "db_schema_name", SCHEMA) : null, listener);
    }

    @Override
    public FlightInfo getFlightInfoTableTypes(CommandGetTableTypes request, CallContext context, FlightDescriptor descriptor) {
        return info(Schemas.GET_TABLE_TYPES_SCHEMA, descriptor, request);
    }

    @Override
    public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
        sendRow(Schemas.GET_TABLE_TYPES_SCHEMA, Map.of("table_type", "VIEW"), listener);
    }

    /** A metadata answer of one row of text columns ({@code row} null: no row). */
    private void sendRow(Schema schema, Map<String, String> row, ServerStreamListener listener) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            if (row != null) {
                row.forEach((column, value) -> text(root, column, 0, value));
                root.setRowCount(1);
            }
            listener.start(root);
            listener.putNext();
            listener.completed();
        }
    }

    @Override
    public FlightInfo getFlightInfoTables(CommandGetTables request, CallContext context, FlightDescriptor descriptor) {
        return info(request.getIncludeSchema() ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA, descriptor, request);
    }

    @Override
    public void getStreamTables(CommandGetTables command, CallContext context, ServerStreamListener listener) {
        try {
            List<String> tables = new ArrayList<>();
            boolean scope = (!command.hasCatalog() || command.getCatalog().equals(CATALOG))
                    && (!command.hasDbSchemaFilterPattern() || like(command.getDbSchemaFilterPattern()).matcher(SCHEMA).matches())
                    && (command.getTableTypesCount() == 0 || command.getTableTypesList().stream().anyMatch(t -> t.equalsIgnoreCase("VIEW")));
            if (scope) {
                Pattern name = command.hasTableNameFilterPattern() ? like(command.getTableNameFilterPattern()) : null;
                for (String t : engine.tables().stream().sorted().toList()) {
                    if (name == null || name.matcher(t).matches()) {
                        tables.add(t);
                    }
                }
            }
            Schema schema = command.getIncludeSchema() ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
            try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
                for (int i = 0; i < tables.size(); i++) {
                    text(root, "catalog_name", i, CATALOG);
                    text(root, "db_schema_name", i, SCHEMA);
                    text(root, "table_name", i, tables.get(i));
                    text(root, "table_type", i, "VIEW");
                    if (command.getIncludeSchema()) {
                        ((VarBinaryVector) root.getVector("table_schema")).setSafe(i,
                                schemaOf("SELECT * FROM " + LakeScans.ident(tables.get(i))).serializeAsMessage());
                    }
                }
                root.setRowCount(tables.size());
                listener.start(root);
                listener.putNext();
                listener.completed();
            }
        } catch (QueryException e) {
            listener.error(status(e).toRuntimeException());
        } catch (RuntimeException e) {
            listener.error(e);
        }
    }

    // ---- plain Flight

    @Override
    public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
        try {
            for (String t : engine.tables().stream().sorted().toList()) {
                listener.onNext(tableInfo(t));
            }
            listener.onCompleted();
        } catch (QueryException e) {
            listener.onError(status(e).toRuntimeException());
        } catch (RuntimeException e) {
            listener.onError(e);
        }
    }

    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
        if (descriptor.isCommand()) {
            return super.getFlightInfo(context, descriptor);
        }
        List<String> path = descriptor.getPath();
        if (path.size() != 1) {
            throw CallStatus.INVALID_ARGUMENT.withDescription("a path descriptor names one lake table, e.g. [token_transfer_events]")
                    .toRuntimeException();
        }
        try {
            if (!engine.tables().contains(path.get(0))) {
                throw CallStatus.NOT_FOUND.withDescription("no lake table '" + path.get(0) + "'; tables: " + engine.tables())
                        .toRuntimeException();
            }
            return tableInfo(path.get(0));
        } catch (QueryException e) {
            throw status(e).toRuntimeException();
        }
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        byte[] bytes = ticket.getBytes();
        if (isFlightSql(bytes)) {
            super.getStream(context, ticket, listener);
            return;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            if (text.startsWith(FILE_TICKET)) {
                streamFile(text.substring(FILE_TICKET.length()), listener);
            } else if (text.startsWith(EVENTS_TICKET + ":")) {
                streamEvents(text, listener);
            } else {
                throw new IllegalArgumentException("ticket '" + cut(text) + "': expected lake:<file>, ttp_events:START:END[:FILTERS] "
                        + "or a Flight SQL ticket");
            }
        } catch (IllegalArgumentException e) {
            listener.error(CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage()).toRuntimeException());
        } catch (QueryException e) {
            listener.error(status(e).toRuntimeException());
        }
    }

    private static boolean isFlightSql(byte[] bytes) {
        try {
            Any any = Any.parseFrom(bytes);
            return any.getTypeUrl().startsWith("type.googleapis.com/arrow.flight.protocol.sql.");
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    /** One endpoint per committed file of {@code table}, oldest record time first. */
    private FlightInfo tableInfo(String table) throws QueryException {
        List<LakeFile> files = new ArrayList<>(engine.files(table));
        files.sort(Comparator.comparingLong(LakeFile::minTimeMicros).thenComparing(LakeFile::path));
        List<FlightEndpoint> endpoints = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        for (LakeFile f : files) {
            endpoints.add(new FlightEndpoint(new Ticket((FILE_TICKET + f.path()).getBytes(StandardCharsets.UTF_8))));
            rows += f.rows();
            bytes += f.bytes();
        }
        return new FlightInfo(schemaOf("SELECT * FROM " + LakeScans.ident(table)), FlightDescriptor.path(table), endpoints, bytes, rows, true,
                org.apache.arrow.vector.ipc.message.IpcOption.DEFAULT);
    }

    /** The rows of one committed file; a path the manifest does not list is refused, so no ticket reaches another file. */
    private void streamFile(String path, ServerStreamListener listener) throws QueryException {
        int slash = path.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("file ticket '" + cut(path) + "': expected lake:<table>/<partition>/<file>");
        }
        LakeFile file = engine.files(path.substring(0, slash)).stream().filter(f -> f.path().equals(path)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("file '" + cut(path) + "' is not a committed file of the lake"));
        streamSql(engine.scanOf(List.of(file)), List.of(), false, listener);
    }

    /** {@code ttp_events:START:END[:FILTERS]} from the lake's token_transfer_events, in chain order. */
    private void streamEvents(String text, ServerStreamListener listener) throws QueryException {
        RangeTicket range = RangeTicket.parse(text, EVENTS_TICKET, true);
        List<String> types = new ArrayList<>();
        List<String> assets = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        List<String> contracts = new ArrayList<>();
        if (!range.options().isBlank()) {
            for (String clause : range.options().split(";")) {
                String[] kv = clause.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("ticket filter '" + clause + "': expected key=value[,value]");
                }
                List<String> into = switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                    case "type" -> types;
                    case "asset" -> assets;
                    case "account" -> accounts;
                    case "contract" -> contracts;
                    default -> throw new IllegalArgumentException("ticket filter key '" + kv[0] + "': expected type, asset, account or contract");
                };
                into.add(kv[1]);
            }
        }
        EventSelection selection = EventSelection.parse(String.join(",", types), String.join(",", assets), String.join(",", accounts),
                String.join(",", contracts), null);
        if (!engine.tables().contains("token_transfer_events")) {
            throw new IllegalArgumentException("the lake holds no token_transfer_events yet");
        }
        List<Object> params = new ArrayList<>();
        params.add(range.start());
        params.add(range.end().orElse(0xFFFF_FFFFL));
        String sql = "SELECT * EXCLUDE (" + partitionColumns("token_transfer_events") + ") FROM token_transfer_events "
                + "WHERE ledger_sequence BETWEEN ? AND ? AND " + selection.sql(params) + " ORDER BY ledger_sequence, event_index";
        streamSql(sql, params, false, listener);
    }

    /** The hive partition columns of a table (they are not part of the Quiver schema), for EXCLUDE. */
    private String partitionColumns(String table) throws QueryException {
        List<String> cols = new ArrayList<>();
        for (LakeFile f : engine.files(table)) {
            for (String level : f.partition().split("/")) {
                int eq = level.indexOf('=');
                if (eq > 0 && !cols.contains(level.substring(0, eq))) {
                    cols.add(level.substring(0, eq));
                }
            }
        }
        return cols.isEmpty() ? "__none__" : String.join(", ", cols.stream().map(LakeScans::ident).toList());
    }

    // ---- cancellation

    /**
     * CancelFlightInfo: cancels the running statements of the info's tickets (a client's
     * {@code Statement.cancel()}, or a client giving up); their slots are free at once.
     */
    @Override
    public void cancelFlightInfo(CancelFlightInfoRequest request, CallContext context, StreamListener<CancelStatus> listener) {
        boolean any = false;
        for (FlightEndpoint e : request.getInfo().getEndpoints()) {
            ByteString handle = handleOf(e.getTicket().getBytes());
            List<Runnable> cancels = handle == null ? null : running.get(handle);
            if (cancels != null) {
                synchronized (cancels) {
                    cancels.forEach(Runnable::run);
                    any |= !cancels.isEmpty();
                }
            }
        }
        listener.onNext(any ? CancelStatus.CANCELLED : CancelStatus.NOT_CANCELLABLE);
        listener.onCompleted();
    }

    /** The statement handle in a Flight SQL ticket, or null. */
    private static ByteString handleOf(byte[] ticket) {
        try {
            Any any = Any.parseFrom(ticket);
            if (any.is(TicketStatementQuery.class)) {
                return any.unpack(TicketStatementQuery.class).getStatementHandle();
            }
            if (any.is(CommandPreparedStatementQuery.class)) {
                return any.unpack(CommandPreparedStatementQuery.class).getPreparedStatementHandle();
            }
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
        return null;
    }

    /** A handle for a statement: unique (so a cancel reaches one client's statement only), the SQL after a newline. */
    private static ByteString handle(String sql) {
        return ByteString.copyFromUtf8(UUID.randomUUID() + "\n" + sql);
    }

    private static String sqlOf(ByteString handle) {
        String h = handle.toStringUtf8();
        int nl = h.indexOf('\n');
        if (nl != 36) {
            throw CallStatus.INVALID_ARGUMENT.withDescription("not a statement handle of this server").toRuntimeException();
        }
        return h.substring(nl + 1);
    }

    private void streamHandle(ByteString handle, ServerStreamListener listener) {
        List<Runnable> cancels = running.computeIfAbsent(handle, k -> new ArrayList<>());
        try {
            streamSql(sqlOf(handle), List.of(), true, cancel -> {
                synchronized (cancels) {
                    cancels.add(cancel);
                }
                listener.setOnCancelHandler(cancel);
            }, listener);
        } finally {
            synchronized (cancels) {
                cancels.clear();
            }
            running.remove(handle);
        }
    }

    // ---- helpers

    /** Streams the result of {@code sql} as DuckDB exports it; the client closing the stream cancels the query. */
    private void streamSql(String sql, List<Object> params, boolean checked, ServerStreamListener listener) {
        streamSql(sql, params, checked, listener::setOnCancelHandler, listener);
    }

    private void streamSql(String sql, List<Object> params, boolean checked, java.util.function.Consumer<Runnable> onCancel,
                           ServerStreamListener listener) {
        try {
            engine.stream(sql, params, checked, onCancel, (rs, maxRows) -> send(rs, maxRows, listener));
        } catch (QueryException e) {
            listener.error(status(e).toRuntimeException());
        } catch (RuntimeException e) {
            LOG.warnf("Flight query failed: %s", e.toString());
            listener.error(CallStatus.INTERNAL.withDescription(e.getMessage()).toRuntimeException());
        }
    }

    private void send(ResultSet rs, long maxRows, ServerStreamListener listener) throws SQLException, QueryException {
        ArrowExport.read(rs, allocator, maxRows, QueryException.Limit.STREAM, new ArrowExport.Batches() {
            @Override
            public void start(VectorSchemaRoot root) {
                listener.start(root);
            }

            @Override
            public void batch(VectorSchemaRoot root) {
                listener.putNext();
            }

            @Override
            public boolean stopped() {
                return listener.isCancelled();
            }
        });
        if (!listener.isCancelled()) {
            listener.completed();
        }
    }

    /**
     * The result schema of {@code sql} from its prepared statement, without running it (DuckDB would
     * compute a blocking aggregate even under LIMIT 0, outside any stream a client can cancel); a bad
     * statement is INVALID_ARGUMENT.
     */
    private Schema schemaOf(String sql) {
        try {
            return DuckArrowTypes.schema(engine.describe(sql));
        } catch (QueryException e) {
            throw status(e).toRuntimeException();
        }
    }

    private static FlightInfo info(Schema schema, FlightDescriptor descriptor, Message command) {
        return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(new Ticket(Any.pack(command).toByteArray()))), -1, -1);
    }

    static CallStatus status(QueryException e) {
        CallStatus s = switch (e.kind()) {
            case BAD_QUERY -> CallStatus.INVALID_ARGUMENT;
            case TOO_LARGE -> CallStatus.RESOURCE_EXHAUSTED;
            case BUSY, UNAVAILABLE -> CallStatus.UNAVAILABLE;
            case TIMEOUT -> CallStatus.TIMED_OUT;
        };
        return s.withDescription(e.getMessage());
    }

    private static void text(VectorSchemaRoot root, String column, int row, String value) {
        ((VarCharVector) root.getVector(column)).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A SQL LIKE pattern ({@code %}, {@code _}) as a regex. */
    static Pattern like(String pattern) {
        StringBuilder sb = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '%' -> sb.append(".*");
                case '_' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(sb.toString(), Pattern.CASE_INSENSITIVE);
    }


    private static String cut(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
