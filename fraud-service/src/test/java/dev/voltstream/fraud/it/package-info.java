/** Integration tests of fraud-service against the in-process Voltstream broker and a real PostgreSQL. */
package dev.voltstream.fraud.it;
