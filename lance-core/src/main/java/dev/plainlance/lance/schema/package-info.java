/**
 * The Lance schema model: {@link dev.plainlance.lance.schema.LanceSchema} and
 * {@link dev.plainlance.lance.schema.LanceField} with their protobuf ({@code lance.file.Field}) and Arrow forms, and
 * the logical type strings of {@link dev.plainlance.lance.schema.LogicalTypes}.
 */
package dev.plainlance.lance.schema;
