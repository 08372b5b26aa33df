package dev.voltstream.billing.service;

import dev.voltstream.kit.consumer.PoisonRecordException;
import dev.voltstream.billing.config.BillingConfig;
import dev.voltstream.billing.domain.Invoice;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.InvoiceIssued;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.Topics;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionType;
import dev.voltstream.kit.db.Outbox;
import dev.voltstream.kit.db.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * Issues exactly one invoice per completed session and, in the same transaction, puts InvoiceIssued and the CHARGING
 * transaction that pays it into the outbox.
 */
@ApplicationScoped
public class InvoiceService {
    private static final Logger LOG = Logger.getLogger(InvoiceService.class);

    private final BillingConfig config;
    private final AccountService accounts;
    private final Outbox outbox;
    private final ProcessedEvents processed;

    public InvoiceService(BillingConfig config, AccountService accounts, Outbox outbox, ProcessedEvents processed) {
        this.config = config;
        this.accounts = accounts;
        this.outbox = outbox;
        this.processed = processed;
    }

    /** The tariff in force (read from configuration each time, so a test profile can change it). */
    public Tariff tariff() {
        return new Tariff(config.tariffPerKwh(), config.idleFeePerMinute(), config.commissionRate());
    }

    /** Invoices a completed session, unless this event or another one for the same session was handled before. */
    /** Invoices each completed session in one transaction, in order; the outcome of each. */
    @Transactional
    public List<Outcome> invoiceAll(List<SessionCompleted> sessions) {
        return sessions.stream().map(this::invoice).toList();
    }

    @Transactional
    public Outcome invoice(SessionCompleted session) {
        validate(session);
        Instant now = Instant.now();
        if (!processed.claim(session.eventId(), EventTypes.SESSION_COMPLETED)
                || Invoice.bySession(session.sessionId()).isPresent()) {
            return Outcome.DUPLICATE;
        }
        accounts.openAtFirstSight(session.accountId(), now);
        Invoice invoice = newInvoice(session, tariff(), now);
        invoice.persist();
        outbox.write(Topics.INVOICES, invoice.accountId, EventTypes.INVOICE_ISSUED, issued(invoice));
        if (invoice.transactionId != null) {
            outbox.write(Topics.TRANSACTIONS, invoice.accountId, EventTypes.TRANSACTION, payment(invoice, now));
        }
        LOG.infof("invoice issued: invoiceId=%s sessionId=%s accountId=%s amount=%s",
                invoice.invoiceId, invoice.sessionId, invoice.accountId, invoice.amount);
        return Outcome.APPLIED;
    }

    private Invoice newInvoice(SessionCompleted session, Tariff tariff, Instant now) {
        Tariff.InvoiceAmounts amounts = tariff.price(session.energyKwh(), session.idleMinutes());
        Invoice invoice = new Invoice();
        invoice.invoiceId = EventIds.invoiceId(session.sessionId());
        invoice.sessionId = session.sessionId();
        invoice.stationId = session.stationId();
        invoice.accountId = session.accountId();
        invoice.energyKwh = session.energyKwh();
        invoice.tariffPerKwh = tariff.pricePerKwh();
        invoice.idleMinutes = session.idleMinutes();
        invoice.idleFeePerMinute = tariff.idleFeePerMinute();
        invoice.amount = amounts.amount();
        invoice.platformCommission = amounts.platformCommission();
        invoice.currency = config.currency();
        // a free session (no energy, no idle time) needs no payment
        invoice.transactionId = amounts.amount().signum() > 0 ? EventIds.chargingTransactionId(invoice.invoiceId) : null;
        invoice.issuedAt = now;
        return invoice;
    }

    private static InvoiceIssued issued(Invoice invoice) {
        return new InvoiceIssued(EventIds.invoiceIssuedEventId(invoice.invoiceId), invoice.invoiceId,
                invoice.sessionId, invoice.stationId, invoice.accountId, invoice.energyKwh, invoice.tariffPerKwh,
                invoice.idleMinutes, invoice.idleFeePerMinute, invoice.amount, invoice.platformCommission,
                invoice.currency, invoice.issuedAt);
    }

    private static Transaction payment(Invoice invoice, Instant now) {
        // billing does not know station coordinates; fraud's travel rule skips a transaction without a location
        return new Transaction(EventIds.transactionEventId(invoice.transactionId), invoice.transactionId,
                invoice.accountId, TransactionType.CHARGING, invoice.amount, invoice.currency, invoice.stationId,
                null, invoice.invoiceId, now);
    }

    /** Throws {@link PoisonRecordException} for a completed session that cannot be invoiced. */
    public static void validate(SessionCompleted session) {
        Validation.requireId(session.eventId(), "eventId");
        Validation.requireId(session.sessionId(), "sessionId");
        Validation.requireId(session.stationId(), "stationId");
        Validation.requireId(session.accountId(), "accountId");
        if (!Double.isFinite(session.energyKwh()) || session.energyKwh() < 0) {
            throw new PoisonRecordException("energyKwh must be a finite, non-negative number: " + session.energyKwh());
        }
        if (session.idleMinutes() < 0) {
            throw new PoisonRecordException("idleMinutes must not be negative: " + session.idleMinutes());
        }
    }
}
