package dev.plainlance.graph;

/**
 * One reason a load was refused.
 *
 * @param where the input position, e.g. {@code data.jsonl:12} or {@code persons.parquet row 40}
 * @param type the node or edge type, or null when the line names none
 * @param property the property, or null
 */
public record LoadProblem(String where, String type, String property, String message) {
    /** One line: {@code data.jsonl:12: Person.age: expected an integer, got "x"}. */
    public String oneLine() {
        String what = type == null ? "" : type + (property == null ? "" : "." + property) + ": ";
        return where + ": " + what + message;
    }
}
