/**
 * The audit log: every authorisation decision (and every console login decision) as one JSON line in a size-rotated
 * file of its own, next to the broker's log.
 */
package dev.voltstream.broker.security.audit;
