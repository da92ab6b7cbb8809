package io.seedrpc.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * rpc-core's main sources read as text: for each top-level class, its package and the SeedRPC types it names in
 * code (imports and qualified names; comments and string literals do not count).
 */
final class JavaSources {

    static final String ROOT = "io.seedrpc";
    private static final Path MAIN = Path.of("src/main/java");
    /** A qualified reference: lower-case package segments, then the first upper-case segment is the type. */
    private static final Pattern TYPE_REFERENCE = Pattern.compile("\\bio\\.seedrpc((?:\\.[a-z][a-z0-9_]*)*)\\.([A-Z]\\w*)");
    private static final Pattern WILDCARD_IMPORT = Pattern.compile("\\bimport\\s+io\\.seedrpc((?:\\.[a-z][a-z0-9_]*)*)\\.\\*");
    private static final Pattern NETTY_REFERENCE = Pattern.compile("\\bio\\.netty\\.");
    private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([\\w.]+)\\s*;");

    private JavaSources() {
    }

    /** One source file's class and what it uses. */
    record SourceClass(String name, String packageName, Set<Reference> references, boolean usesNetty) {
    }

    /**
     * One use of another package: {@code type} is the qualified type name, or the package followed by {@code .*}
     * for a wildcard import.
     */
    record Reference(String packageName, String type) {
    }

    static List<SourceClass> readMain() {
        List<SourceClass> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.equals("package-info.java") || fileName.equals("module-info.java")) {
                    continue;
                }
                String code = withoutCommentsAndLiterals(Files.readString(file));
                Matcher declared = PACKAGE.matcher(code);
                if (!declared.find()) {
                    throw new IllegalStateException(file + " declares no package");
                }
                String packageName = declared.group(1);
                String body = code.substring(declared.end());
                Set<Reference> references = new TreeSet<>(java.util.Comparator.comparing(Reference::type));
                Matcher type = TYPE_REFERENCE.matcher(body);
                while (type.find()) {
                    String target = ROOT + type.group(1);
                    if (!target.equals(packageName)) {
                        references.add(new Reference(target, target + "." + type.group(2)));
                    }
                }
                Matcher wildcard = WILDCARD_IMPORT.matcher(body);
                while (wildcard.find()) {
                    String target = ROOT + wildcard.group(1);
                    if (!target.equals(packageName)) {
                        references.add(new Reference(target, target + ".*"));
                    }
                }
                classes.add(new SourceClass(packageName + "." + fileName.substring(0, fileName.length() - 5),
                        packageName, references, NETTY_REFERENCE.matcher(body).find()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }

    /** The code with comments, string, text-block and character literals blanked out. */
    static String withoutCommentsAndLiterals(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = endOf(source, i, "\n");
                code.append('\n');
            } else if (source.startsWith("/*", i)) {
                i = endOf(source, i + 2, "*/");
                code.append(' ');
            } else if (source.startsWith("\"\"\"", i)) {
                i = endOfLiteral(source, i + 3, "\"\"\"");
                code.append("\"\"");
            } else if (c == '"' || c == '\'') {
                i = endOfLiteral(source, i + 1, String.valueOf(c));
                code.append("\"\"");
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }

    private static int endOf(String source, int from, String end) {
        int at = source.indexOf(end, from);
        return at < 0 ? source.length() : at + end.length();
    }

    private static int endOfLiteral(String source, int from, String end) {
        int i = from;
        while (i < source.length()) {
            if (source.charAt(i) == '\\') {
                i += 2;
            } else if (source.startsWith(end, i)) {
                return i + end.length();
            } else {
                i++;
            }
        }
        return i;
    }
}
