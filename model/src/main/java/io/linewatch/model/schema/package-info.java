/**
 * The one declaration of every document field: name, type and meaning ({@link io.linewatch.model.schema.Schema}).
 * Index templates, docs/SCHEMA.md's field reference and the check of every written document come from it.
 */
package io.linewatch.model.schema;
