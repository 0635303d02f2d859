package org.yanxiu.keycloak.password;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PasswordPolicyProviderFactory;
import org.keycloak.policy.PolicyError;

/**
 * Password policy {@code adminPasswordMaxAge(days)}: how long an admin's password lives. It accepts
 * every password; it only carries the number of days, in the realm's password policy next to the
 * other rules, for {@link AdminPasswordExpiryRequiredAction}. (Keycloak's own
 * forceExpiredPasswordChange would expire every teacher's password too.)
 */
public class AdminPasswordMaxAgePolicyProviderFactory implements PasswordPolicyProviderFactory, PasswordPolicyProvider {
  public static final String ID = "adminPasswordMaxAge";
  private static final int DEFAULT_DAYS = 90;

  @Override
  public PolicyError validate(RealmModel realm, UserModel user, String password) {
    return null;
  }

  @Override
  public PolicyError validate(String username, String password) {
    return null;
  }

  @Override
  public Object parseConfig(String value) {
    return parseInteger(value, DEFAULT_DAYS);
  }

  @Override
  public PasswordPolicyProvider create(KeycloakSession session) {
    return this;
  }

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public String getDisplayName() {
    return "Admin password max age in days (Yanxiu)";
  }

  @Override
  public String getConfigType() {
    return PasswordPolicyProvider.INT_CONFIG_TYPE;
  }

  @Override
  public String getDefaultConfigValue() {
    return String.valueOf(DEFAULT_DAYS);
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
