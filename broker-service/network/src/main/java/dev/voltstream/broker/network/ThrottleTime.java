package dev.voltstream.broker.network;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * The {@code throttle_time_ms} of a response body, for every response that has one (Kafka's generated messages have
 * {@code throttleTimeMs()} and {@code setThrottleTimeMs(int)} then; a few, e.g. SaslHandshake, have none).
 * Client quotas set it and the network layer mutes the connection for it.
 */
public final class ThrottleTime {
    /** The getter and setter of a response class, or null when it has no throttle time. */
    private record Accessors(MethodHandle getter, MethodHandle setter) {
    }

    private static final ClassValue<Accessors> ACCESSORS = new ClassValue<>() {
        @Override
        protected Accessors computeValue(Class<?> type) {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            try {
                MethodHandle getter = lookup.findVirtual(type, "throttleTimeMs", MethodType.methodType(int.class))
                        .asType(MethodType.methodType(int.class, ApiMessage.class));
                MethodHandle setter = lookup.findVirtual(type, "setThrottleTimeMs",
                        MethodType.methodType(type, int.class)).asType(
                        MethodType.methodType(void.class, ApiMessage.class, int.class));
                return new Accessors(getter, setter);
            } catch (NoSuchMethodException | IllegalAccessException e) {
                return new Accessors(null, null);
            }
        }
    };

    private ThrottleTime() {
    }

    /** The response's throttle time in ms; 0 when it has none. */
    public static int of(ApiMessage response) {
        if (response instanceof ProduceResponseData p) {
            return p.throttleTimeMs();
        } else if (response instanceof FetchResponseData f) {
            return f.throttleTimeMs();
        } else if (response == null) {
            return 0;
        }
        MethodHandle getter = ACCESSORS.get(response.getClass()).getter();
        try {
            return getter == null ? 0 : (int) getter.invokeExact(response);
        } catch (Throwable t) {
            throw new IllegalStateException("Cannot read the throttle time of " + response.getClass(), t);
        }
    }

    /**
     * Raises the response's throttle time to {@code throttleMs} if it is lower; returns false when the response has no
     * throttle time to carry it.
     */
    public static boolean raise(ApiMessage response, long throttleMs) {
        int ms = (int) Math.min(Integer.MAX_VALUE, throttleMs);
        if (ms <= of(response)) {
            return true;
        }
        MethodHandle setter = ACCESSORS.get(response.getClass()).setter();
        if (setter == null) {
            return false;
        }
        try {
            setter.invokeExact(response, ms);
            return true;
        } catch (Throwable t) {
            throw new IllegalStateException("Cannot set the throttle time of " + response.getClass(), t);
        }
    }
}
