package org.yanxiu.keycloak.password;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PasswordPolicyProviderFactory;
import org.keycloak.policy.PolicyError;

/**
 * What Yanxiu's password policies share: one integer setting with a default, at most once in a
 * realm's policy, and no state, so the factory is its own provider. Subclasses say how a password
 * is judged for a user.
 */
abstract class IntegerPasswordPolicy implements PasswordPolicyProviderFactory, PasswordPolicyProvider {
  private final String id;
  private final String displayName;
  private final int defaultValue;

  IntegerPasswordPolicy(String id, String displayName, int defaultValue) {
    this.id = id;
    this.displayName = displayName;
    this.defaultValue = defaultValue;
  }

  /** Without a user there is no role to look at; the per-user overload does the work. */
  @Override
  public PolicyError validate(String username, String password) {
    return null;
  }

  @Override
  public Object parseConfig(String value) {
    return parseInteger(value, defaultValue);
  }

  @Override
  public PasswordPolicyProvider create(KeycloakSession session) {
    return this;
  }

  @Override
  public String getId() {
    return id;
  }

  @Override
  public String getDisplayName() {
    return displayName;
  }

  @Override
  public String getConfigType() {
    return PasswordPolicyProvider.INT_CONFIG_TYPE;
  }

  @Override
  public String getDefaultConfigValue() {
    return String.valueOf(defaultValue);
  }

  @Override
  public boolean isMultiplSupported() {
    return false;
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}
}
