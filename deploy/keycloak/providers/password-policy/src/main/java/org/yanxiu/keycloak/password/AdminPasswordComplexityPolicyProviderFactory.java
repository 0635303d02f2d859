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
 * Password policy {@code adminPasswordComplexity(N)}: for admins only, at least N characters with a
 * lower-case letter, an upper-case letter, a digit and a special character. Other users pass, so
 * teachers keep the realm's gentler rules. Keycloak calls it whenever a password is set: the
 * UPDATE_PASSWORD form, the account console and the admin API (not for pre-hashed imports).
 */
public class AdminPasswordComplexityPolicyProviderFactory implements PasswordPolicyProviderFactory, PasswordPolicyProvider {
  public static final String ID = "adminPasswordComplexity";
  private static final int DEFAULT_MIN_LENGTH = 10;

  @Override
  public PolicyError validate(RealmModel realm, UserModel user, String password) {
    if (!AdminRoles.isAdmin(realm, user)) return null;
    Integer minLength = realm.getPasswordPolicy().getPolicyConfig(ID);
    return problem(password, minLength == null ? DEFAULT_MIN_LENGTH : minLength);
  }

  /** Without a user there is no role to look at; the per-user overload does the work. */
  @Override
  public PolicyError validate(String username, String password) {
    return null;
  }

  /** The first rule the password breaks, as one of Keycloak's own (translated) messages. */
  static PolicyError problem(String password, int minLength) {
    if (password.length() < minLength) return new PolicyError("invalidPasswordMinLengthMessage", minLength);
    if (password.chars().noneMatch(Character::isLowerCase)) return new PolicyError("invalidPasswordMinLowerCaseCharsMessage", 1);
    if (password.chars().noneMatch(Character::isUpperCase)) return new PolicyError("invalidPasswordMinUpperCaseCharsMessage", 1);
    if (password.chars().noneMatch(Character::isDigit)) return new PolicyError("invalidPasswordMinDigitsMessage", 1);
    if (password.chars().allMatch(Character::isLetterOrDigit)) return new PolicyError("invalidPasswordMinSpecialCharsMessage", 1);
    return null;
  }

  @Override
  public Object parseConfig(String value) {
    return parseInteger(value, DEFAULT_MIN_LENGTH);
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
    return "Admin password complexity (Yanxiu)";
  }

  @Override
  public String getConfigType() {
    return PasswordPolicyProvider.INT_CONFIG_TYPE;
  }

  @Override
  public String getDefaultConfigValue() {
    return String.valueOf(DEFAULT_MIN_LENGTH);
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
