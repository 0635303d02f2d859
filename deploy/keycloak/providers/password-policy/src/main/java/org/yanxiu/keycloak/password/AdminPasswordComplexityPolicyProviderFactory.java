package org.yanxiu.keycloak.password;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PolicyError;

/**
 * Password policy {@code adminPasswordComplexity(N)}: for admins only, at least N characters with a
 * lower-case letter, an upper-case letter, a digit and a special character. Other users pass, so
 * teachers keep the realm's gentler rules. Keycloak calls it whenever a password is set: the
 * UPDATE_PASSWORD form, the account console and the admin API (not for pre-hashed imports).
 */
public class AdminPasswordComplexityPolicyProviderFactory extends IntegerPasswordPolicy {
  public static final String ID = "adminPasswordComplexity";
  private static final int DEFAULT_MIN_LENGTH = 10;

  public AdminPasswordComplexityPolicyProviderFactory() {
    super(ID, "Admin password complexity (Yanxiu)", DEFAULT_MIN_LENGTH);
  }

  @Override
  public PolicyError validate(RealmModel realm, UserModel user, String password) {
    if (!AdminRoles.isAdmin(realm, user)) return null;
    Integer minLength = realm.getPasswordPolicy().getPolicyConfig(ID);
    return problem(password, minLength == null ? DEFAULT_MIN_LENGTH : minLength);
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
}
