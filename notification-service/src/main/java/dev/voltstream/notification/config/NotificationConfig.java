package dev.voltstream.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** {@code notification.*} settings. */
@ConfigMapping(prefix = "notification")
public interface NotificationConfig {
    /** A balance change that takes the balance from at or above this to below it raises a LOW_BALANCE notification. */
    @WithDefault("100.00")
    BigDecimal lowBalance();

    /** Live notifications buffered per stream subscriber before a too-slow subscriber is dropped (it reconnects). */
    @WithDefault("512")
    int liveBufferSize();
}
