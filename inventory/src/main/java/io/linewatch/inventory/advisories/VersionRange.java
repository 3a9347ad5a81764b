package io.linewatch.inventory.advisories;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a firmware version falls in an advisory's version or range. Understands the purl "vers" syntax
 * CSAF recommends ({@code vers:generic/>=1.0|<2.0}, {@code vers:all/*}) and the free forms CISA advisories use
 * ({@code <= 10.10}, {@code < V3.X.17}, {@code V2.1}). Versions compare component by component, numerically
 * where both are numbers; an {@code X} or {@code *} component in the advisory matches any value.
 */
public final class VersionRange {
    /** The verdict; {@link #UNPARSED} when the range is in a form this class does not understand. */
    public enum Verdict { AFFECTED, NOT_AFFECTED, ALL_VERSIONS, UNPARSED }

    private enum Op {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("="), NE("!=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    private record Constraint(Op op, List<String> version) {
    }

    private VersionRange() {
    }

    /** @param spec a {@code product_version} (exact) or {@code product_version_range} name */
    public static Verdict evaluate(String spec, boolean isRange, String firmware) {
        String s = spec.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("vers:all/*") || lower.equals("*") || lower.equals("all versions") || lower.equals("all")) {
            return Verdict.ALL_VERSIONS;
        }
        List<Constraint> constraints = new ArrayList<>();
        if (lower.startsWith("vers:")) {
            int slash = s.indexOf('/');
            if (slash < 0) {
                return Verdict.UNPARSED;
            }
            for (String part : s.substring(slash + 1).split("\\|")) {
                Constraint c = constraint(part.strip(), Op.EQ);
                if (c == null) {
                    return Verdict.UNPARSED;
                }
                constraints.add(c);
            }
        } else {
            // free form: one or two comparisons separated by spaces, commas or "and"
            String[] parts = s.replaceAll("(?i)\\band\\b|,", " ").trim().split("\\s+(?=[<>=!])");
            for (String part : parts) {
                Constraint c = constraint(part.strip(), isRange ? null : Op.EQ);
                if (c == null) {
                    return Verdict.UNPARSED;
                }
                constraints.add(c);
            }
            if (constraints.size() > 1) {
                boolean all = true;
                for (Constraint c : constraints) {
                    all &= holds(c, components(firmware));
                }
                return all ? Verdict.AFFECTED : Verdict.NOT_AFFECTED;
            }
        }
        return vers(constraints, components(firmware)) ? Verdict.AFFECTED : Verdict.NOT_AFFECTED;
    }

    private static Constraint constraint(String text, Op implicit) {
        Op op = null;
        String rest = text;
        for (Op o : new Op[] {Op.LE, Op.GE, Op.NE, Op.LT, Op.GT, Op.EQ}) {
            if (text.startsWith(o.symbol)) {
                op = o;
                rest = text.substring(o.symbol.length()).strip();
                break;
            }
        }
        if (op == null) {
            op = implicit;
        }
        List<String> v = components(rest);
        return op == null || v.isEmpty() ? null : new Constraint(op, v);
    }

    /**
     * The "vers" range semantics: an equal constraint matches itself; otherwise the sorted comparisons
     * describe intervals (below the first upper bound, between a lower and the next upper bound, above the
     * last lower bound).
     */
    private static boolean vers(List<Constraint> constraints, List<String> v) {
        List<Constraint> ranges = new ArrayList<>();
        for (Constraint c : constraints) {
            if (c.op() == Op.EQ && compare(v, c.version()) == 0) {
                return true;
            }
            if (c.op() == Op.NE && compare(v, c.version()) == 0) {
                return false;
            }
            if (c.op() != Op.EQ && c.op() != Op.NE) {
                ranges.add(c);
            }
        }
        if (ranges.isEmpty()) {
            return false;
        }
        ranges.sort((a, b) -> compare(a.version(), b.version()));
        Constraint first = ranges.get(0);
        if (isUpper(first) && holds(first, v)) {
            return true;
        }
        for (int i = 0; i + 1 < ranges.size(); i++) {
            Constraint lo = ranges.get(i);
            Constraint hi = ranges.get(i + 1);
            if (!isUpper(lo) && isUpper(hi) && holds(lo, v) && holds(hi, v)) {
                return true;
            }
        }
        Constraint last = ranges.get(ranges.size() - 1);
        return !isUpper(last) && holds(last, v);
    }

    private static boolean isUpper(Constraint c) {
        return c.op() == Op.LT || c.op() == Op.LE;
    }

    private static boolean holds(Constraint c, List<String> v) {
        int cmp = compare(v, c.version());
        return switch (c.op()) {
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
        };
    }

    /** "V3.3.13" → [3, 3, 13]; separators are dots, dashes, underscores and spaces. */
    static List<String> components(String version) {
        List<String> out = new ArrayList<>();
        String s = version.strip();
        if (s.length() > 1 && (s.charAt(0) == 'V' || s.charAt(0) == 'v') && Character.isDigit(s.charAt(1))) {
            s = s.substring(1);
        }
        for (String p : s.split("[.\\-_ ]+")) {
            if (!p.isEmpty()) {
                out.add(p.toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** Component-wise order; a wildcard in either version matches anything; missing components count as 0. */
    static int compare(List<String> a, List<String> b) {
        int n = Math.max(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            String x = i < a.size() ? a.get(i) : "0";
            String y = i < b.size() ? b.get(i) : "0";
            if (isWildcard(x) || isWildcard(y)) {
                continue;
            }
            int c = compareComponent(x, y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static boolean isWildcard(String c) {
        return c.equals("X") || c.equals("*");
    }

    private static int compareComponent(String x, String y) {
        boolean xn = isNumber(x);
        boolean yn = isNumber(y);
        if (xn && yn) {
            // compare as numbers of any length without overflow: strip leading zeros, then length, then digits
            String a = x.replaceFirst("^0+(?=.)", "");
            String b = y.replaceFirst("^0+(?=.)", "");
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        if (xn != yn) {
            return xn ? 1 : -1; // "1.0" is later than "1.0-beta"
        }
        return x.compareTo(y);
    }

    private static boolean isNumber(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
