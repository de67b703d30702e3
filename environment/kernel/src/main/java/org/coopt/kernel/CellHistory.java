package org.coopt.kernel;

import io.github.spencerpark.jupyter.channels.ShellHandler;
import io.github.spencerpark.jupyter.kernel.history.HistoryEntry;
import io.github.spencerpark.jupyter.kernel.history.HistoryManager;
import io.github.spencerpark.jupyter.messages.ContentType;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.reply.HistoryReply;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cells run in this kernel session, for Jupyter's {@code history_request} (the console's up-arrow, {@code %history}
 * in other kernels). Without it the base kernel did not answer the request at all. One session, numbered 1; inputs
 * as the user typed them, outputs (the text of a cell's value) when asked for.
 */
final class CellHistory implements HistoryManager {
    static final int SESSION = 1;
    private final List<HistoryEntry> entries = new ArrayList<>();

    /** Records cell {@code number} with its input and the text of its value (or null). */
    synchronized void add(int number, String input, String output) {
        entries.add(new HistoryEntry(SESSION, number, input, output));
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        if (session != 0 && session != SESSION) {
            return List.of();
        }
        List<HistoryEntry> out = new ArrayList<>();
        for (HistoryEntry e : entries) {
            if (e.getCellNumber() >= start && (stop <= 0 || e.getCellNumber() < stop)) {
                out.add(e);
            }
        }
        return shape(out, flags);
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        List<HistoryEntry> shaped = shape(new ArrayList<>(entries), flags);
        return length <= 0 || length >= shaped.size() ? shaped : shaped.subList(shaped.size() - length, shaped.size());
    }

    @Override
    public synchronized List<HistoryEntry> search(String pattern, int length, Set<ResultFlag> flags) {
        Pattern glob = Pattern.compile(globToRegex(pattern == null || pattern.isEmpty() ? "*" : pattern),
                Pattern.DOTALL);
        List<HistoryEntry> out = new ArrayList<>();
        for (HistoryEntry e : entries) {
            if (glob.matcher(e.getInput()).matches()) {
                out.add(e);
            }
        }
        List<HistoryEntry> shaped = shape(out, flags);
        return length <= 0 || length >= shaped.size() ? shaped : shaped.subList(shaped.size() - length, shaped.size());
    }

    /** Outputs dropped unless asked for; with UNIQUE, each input once (its latest run). */
    private static List<HistoryEntry> shape(List<HistoryEntry> in, Set<ResultFlag> flags) {
        boolean output = flags != null && flags.contains(ResultFlag.INCLUDE_OUTPUT);
        List<HistoryEntry> out = new ArrayList<>();
        for (HistoryEntry e : in) {
            out.add(output ? e : new HistoryEntry(e.getSession(), e.getCellNumber(), e.getInput()));
        }
        if (flags != null && flags.contains(ResultFlag.UNIQUE)) {
            Set<String> seen = new LinkedHashSet<>();
            List<HistoryEntry> unique = new ArrayList<>();
            for (int i = out.size() - 1; i >= 0; i--) {
                if (seen.add(out.get(i).getInput())) {
                    unique.add(0, out.get(i));
                }
            }
            return unique;
        }
        return out;
    }

    /**
     * The {@code history_request} handler. The base kernel's own one serialises each entry as an object
     * ({@code {"session": 1, "cellNumber": 7, "input": ...}}) where Jupyter expects {@code [session, line, input]} or
     * {@code [session, line, [input, output]]}, so jupyter_client and the console could not read it.
     */
    ShellHandler<HistoryRequest> handler() {
        return (env, msg) -> {
            env.setBusyDeferIdle();
            HistoryRequest r = msg.getContent();
            Set<ResultFlag> flags = java.util.EnumSet.noneOf(ResultFlag.class);
            if (r.includeOutput()) {
                flags.add(ResultFlag.INCLUDE_OUTPUT);
            }
            List<HistoryEntry> found;
            if (r instanceof HistoryRequest.Tail t) {
                found = lookupTail(t.getMaxReturnLength(), flags);
            } else if (r instanceof HistoryRequest.Range g) {
                found = lookupRange(g.getSessionIndex(), g.getStart(), g.getStop(), flags);
            } else if (r instanceof HistoryRequest.Search s) {
                if (s.filterUnique()) {
                    flags.add(ResultFlag.UNIQUE);
                }
                found = search(s.getPattern(), s.getMaxReturnLength(), flags);
            } else {
                found = List.of();
            }
            env.reply(new Reply(found, r.includeOutput()));
        };
    }

    /** history_reply content: {@code {"status": "ok", "history": [[session, line, input], ...]}}. */
    static final class Reply implements ContentType<Reply> {
        @SuppressWarnings({"unused", "FieldCanBeLocal"})
        private final String status = "ok";
        private final List<List<Object>> history = new ArrayList<>();

        Reply(List<HistoryEntry> entries, boolean output) {
            for (HistoryEntry e : entries) {
                history.add(List.of(e.getSession(), e.getCellNumber(), output
                        ? java.util.Arrays.asList(e.getInput(), e.getOutput()) : e.getInput()));
            }
        }

        List<List<Object>> history() {
            return history;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public MessageType<Reply> getType() {
            return (MessageType) HistoryReply.MESSAGE_TYPE;
        }
    }

    /** IPython's history search pattern: {@code *} any text, {@code ?} one character, the rest literal. */
    static String globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }
}
