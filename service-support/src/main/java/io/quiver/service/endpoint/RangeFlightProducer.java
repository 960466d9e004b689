package io.quiver.service.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Flight calls around {@code DoGet} for a service whose streams are named by range tickets
 * ({@code TYPE:START:END[:OPTIONS]}), for clients that ask before they fetch (ADBC, Flight SQL
 * tooling, {@code get_flight_info} in pyarrow): {@code GetFlightInfo} and {@code GetSchema} take a
 * descriptor whose command (or single path element) is the ticket text and answer with the
 * stream's schema and one endpoint, on this server, whose ticket is that same text;
 * {@code ListFlights} names the stream type with its schema. Sizes are unknown (-1): a range is
 * read from the topic only when fetched.
 */
public abstract class RangeFlightProducer extends NoOpFlightProducer {

    private final String streamType;
    private final Schema schema;
    private final Consumer<String> parse;

    /**
     * {@code parse} reads a ticket of this service, throwing {@link IllegalArgumentException} with a
     * one-line reason when it names no stream here.
     */
    protected RangeFlightProducer(String streamType, Schema schema, Consumer<String> parse) {
        this.streamType = streamType;
        this.schema = schema;
        this.parse = parse;
    }

    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
        String ticket = ticketOf(descriptor);
        return new FlightInfo(schema, descriptor,
                List.of(new org.apache.arrow.flight.FlightEndpoint(new Ticket(ticket.getBytes(StandardCharsets.UTF_8)))), -1, -1);
    }

    @Override
    public SchemaResult getSchema(CallContext context, FlightDescriptor descriptor) {
        ticketOf(descriptor);
        return new SchemaResult(schema);
    }

    @Override
    public void listFlights(CallContext context, org.apache.arrow.flight.Criteria criteria, StreamListener<FlightInfo> listener) {
        listener.onNext(new FlightInfo(schema, FlightDescriptor.path(streamType), List.of(), -1, -1));
        listener.onCompleted();
    }

    private String ticketOf(FlightDescriptor descriptor) {
        String ticket;
        if (descriptor.isCommand()) {
            ticket = new String(descriptor.getCommand(), StandardCharsets.UTF_8);
        } else if (descriptor.getPath().size() == 1) {
            ticket = descriptor.getPath().get(0);
        } else {
            throw CallStatus.INVALID_ARGUMENT.withDescription("descriptor " + descriptor.getPath()
                    + ": expected a command or one path element holding a ticket " + streamType + ":START:END").toRuntimeException();
        }
        try {
            parse.accept(ticket);
        } catch (IllegalArgumentException e) {
            throw CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage()).toRuntimeException();
        }
        return ticket;
    }
}
