package io.linewatch.inventory;

/** One observation supporting a role, with how much it counts ({@code weight}) and a sentence an auditor reads. */
public record RoleEvidence(AssetRole role, int weight, String reason) {
}
