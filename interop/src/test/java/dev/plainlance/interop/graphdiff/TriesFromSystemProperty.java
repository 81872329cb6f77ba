package dev.plainlance.interop.graphdiff;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets a property's tries from the system property {@value #NAME} when it is given (the annotation's number is the
 * default build's).
 */
public final class TriesFromSystemProperty implements AroundPropertyHook {
    static final String NAME = "plainlance.graph.neo4jTries";

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Integer tries = Integer.getInteger(NAME);
        if (tries != null) {
            context.attributes().setTries(tries);
        }
        return property.execute();
    }
}
