/**
 * Who may use the console when the broker is secured: HTTP Basic logins checked against the broker's SCRAM
 * credentials (or a configured admin), each call then checked by the broker's own ACL authorizer; and HTTPS.
 */
package dev.voltstream.broker.console.security;
