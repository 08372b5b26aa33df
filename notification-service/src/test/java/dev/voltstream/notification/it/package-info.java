/** Integration tests: the service against the in-process Voltstream broker and a real PostgreSQL. */
package dev.voltstream.notification.it;
