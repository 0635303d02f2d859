package org.yanxiu.keycloak.password;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PolicyError;

/**
 * Password policy {@code adminPasswordMaxAge(days)}: how long an admin's password lives. It accepts
 * every password; it only carries the number of days, in the realm's password policy next to the
 * other rules, for {@link AdminPasswordExpiryRequiredAction}. (Keycloak's own
 * forceExpiredPasswordChange would expire every teacher's password too.)
 */
public class AdminPasswordMaxAgePolicyProviderFactory extends IntegerPasswordPolicy {
  public static final String ID = "adminPasswordMaxAge";
  private static final int DEFAULT_DAYS = 90;

  public AdminPasswordMaxAgePolicyProviderFactory() {
    super(ID, "Admin password max age in days (Yanxiu)", DEFAULT_DAYS);
  }

  @Override
  public PolicyError validate(RealmModel realm, UserModel user, String password) {
    return null;
  }
}
