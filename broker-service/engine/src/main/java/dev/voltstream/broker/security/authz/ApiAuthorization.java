package dev.voltstream.broker.security.authz;

import org.apache.kafka.common.protocol.ApiMessage;

/**
 * The checks of one API, run before its handler: which operation on which resource each part of the request needs
 * (Kafka's table "Operations and Resources on Protocols"). May take unauthorized parts out of {@code request} and
 * return a {@link Verdict} that puts their errors back into the response.
 */
@FunctionalInterface
public interface ApiAuthorization<Q extends ApiMessage> {
    Verdict check(RequestAccess access, Q request);
}
