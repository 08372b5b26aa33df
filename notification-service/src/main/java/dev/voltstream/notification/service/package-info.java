/**
 * What the service does: rules that turn events into notification drafts (pure), the transactional recorder that
 * stores them exactly once, the live feed that pushes them, watches, and the read side used by the REST layer.
 */
package dev.voltstream.notification.service;
