package dev.voltstream.fraud.rules;

import dev.voltstream.contracts.Verdict;

import java.util.List;

/**
 * The outcome for one transaction: DECLINED when any hit declines (any compliance hit or a HIGH fraud hit), else
 * APPROVED; the hits in rule order.
 */
public record Decision(Verdict verdict, List<RuleHit> hits) {
    public Decision {
        hits = List.copyOf(hits);
    }

    /** Decides from the hits. */
    public static Decision of(List<RuleHit> hits) {
        boolean declined = hits.stream().anyMatch(RuleHit::declines);
        return new Decision(declined ? Verdict.DECLINED : Verdict.APPROVED, hits);
    }

    public boolean approved() {
        return verdict == Verdict.APPROVED;
    }

    /** The rule names of every hit: the verdict's reasons. */
    public List<String> reasons() {
        return hits.stream().map(RuleHit::rule).toList();
    }

    /** The hits of fraud rules: one FraudAlert each. */
    public List<RuleHit> fraudHits() {
        return hits.stream().filter(h -> h.kind() == RuleKind.FRAUD).toList();
    }
}
