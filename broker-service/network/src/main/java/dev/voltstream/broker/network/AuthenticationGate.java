package dev.voltstream.broker.network;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SslAuthenticationContext;

import dev.voltstream.broker.protocol.KafkaRequest;
import dev.voltstream.broker.security.ListenerSecurity;
import dev.voltstream.broker.security.SaslSession;
import dev.voltstream.broker.security.SaslSessions;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Per connection: stamps every request with the principal its connection authenticated as, and on a SASL listener
 * lets nothing but ApiVersions, SaslHandshake and SaslAuthenticate through before the SASL exchange completed (any
 * other request closes the connection, as Kafka's SaslServerAuthenticator does), nor after the session expired
 * ({@code connections.max.reauth.ms}). A connection whose authentication failed gets its answer after
 * {@code connection.failed.authentication.delay.ms}, then is closed. On TLS listeners the principal comes from the
 * client's certificate once the handshake is done; a failed handshake is logged in one line.
 */
final class AuthenticationGate extends ChannelDuplexHandler {
    private static final RejectionLog REJECTIONS = RejectionLog.shared();
    private static final Set<ApiKeys> BEFORE_AUTHENTICATION = EnumSet.of(ApiKeys.API_VERSIONS,
            ApiKeys.SASL_HANDSHAKE, ApiKeys.SASL_AUTHENTICATE);

    private final ListenerSecurity security;
    private final SaslSessions sessions;
    private String connectionId;
    private KafkaPrincipal tlsPrincipal = KafkaPrincipal.ANONYMOUS;
    private SaslSession sasl;
    private boolean closing;
    /** The answers held back after a failed authentication (null until then). */
    private List<Held> held;
    /** Whether the held answers went out (a later write goes straight to the closed channel, which releases it). */
    private boolean heldSent;

    AuthenticationGate(ListenerSecurity security, SaslSessions sessions) {
        this.security = security;
        this.sessions = sessions;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        connectionId = ctx.channel().id().asLongText();
        if (security.usesSasl() && !security.usesTls()) {
            openSasl(ctx, Optional.empty());
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
            SSLSession session = ctx.pipeline().get(SslHandler.class).engine().getSession();
            if (security.usesSasl()) {
                openSasl(ctx, Optional.of(session));
            } else {
                tlsPrincipal = security.principals().build(new SslAuthenticationContext(session,
                        clientAddress(ctx), security.listenerName()));
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    private void openSasl(ChannelHandlerContext ctx, Optional<SSLSession> tls) {
        SaslSession session = new SaslSession(security, clientAddress(ctx), tls, System::currentTimeMillis);
        sasl = session;
        sessions.open(connectionId, session);
        PreAuthenticationLimit.watch(ctx.channel(), session::authenticated);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        KafkaRequest request = (KafkaRequest) msg;
        if (closing) {
            request.release();
            return;
        }
        if (!security.usesSasl()) {
            ctx.fireChannelRead(withPrincipal(request, tlsPrincipal));
            return;
        }
        ApiKeys api = request.context().apiKey();
        if (sasl != null && (sasl.authenticated() || BEFORE_AUTHENTICATION.contains(api)
                && sasl.state() != SaslSession.State.FAILED)) {
            ctx.fireChannelRead(withPrincipal(request, sasl.principal()));
            return;
        }
        String why = sasl == null ? "before the TLS handshake completed"
                : sasl.expired() ? "after its SASL session expired (connections.max.reauth.ms)"
                : "before SASL authentication completed";
        REJECTIONS.reject("unauthenticated request", "Closing connection " + ctx.channel().remoteAddress() + " on "
                + security.listenerName() + ": unexpected " + api + " request " + why);
        request.release();
        closing = true;
        ctx.close();
    }

    private static KafkaRequest withPrincipal(KafkaRequest request, KafkaPrincipal principal) {
        return request.withContext(request.context().withPrincipal(principal));
    }

    /**
     * Once the SASL exchange failed, the answer (and anything after it) is held back and written after
     * {@code connection.failed.authentication.delay.ms}, then the connection is closed: as Kafka's Selector delays
     * "the failed authentication response and channel close", so a client guessing passwords gets one answer per delay.
     */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (held == null && sasl != null && sasl.state() == SaslSession.State.FAILED) {
            held = new ArrayList<>();
            closing = true;
            ctx.executor().schedule(() -> {
                heldSent = true;
                held.forEach(h -> ctx.write(h.msg(), h.promise()));
                ctx.flush();
                ctx.close();
            }, security.failedAuthDelayMs(), TimeUnit.MILLISECONDS);
        }
        if (held != null && !heldSent) {
            held.add(new Held(msg, promise));
            return;
        }
        ctx.write(msg, promise);
    }

    private record Held(Object msg, ChannelPromise promise) {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof NotSslRecordException || root instanceof SSLException) {
            REJECTIONS.reject("TLS handshake failed", "Closing connection " + ctx.channel().remoteAddress() + " on "
                    + security.listenerName() + ": " + (root instanceof NotSslRecordException
                    ? "not a TLS record (a plaintext client on a TLS listener?)" : root.getMessage()));
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (sasl != null) {
            sessions.close(connectionId);
        }
        super.channelInactive(ctx);
    }

    private static InetAddress clientAddress(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }
}
