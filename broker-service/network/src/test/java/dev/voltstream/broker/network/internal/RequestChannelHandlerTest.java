package dev.voltstream.broker.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.Test;

class RequestChannelHandlerTest {
    @Test
    void aPoolRefusingWorkAtShutdownIsNotABrokerBug() {
        assertThat(RequestChannelHandler.isShutdown(new RejectedExecutionException("pool terminated"))).isTrue();
        assertThat(RequestChannelHandler.isShutdown(
                new CompletionException(new RejectedExecutionException("pool terminated")))).isTrue();
        assertThat(RequestChannelHandler.isShutdown(new IllegalStateException("a real bug"))).isFalse();
        assertThat(RequestChannelHandler.isShutdown(new CompletionException(new NullPointerException()))).isFalse();
    }
}
