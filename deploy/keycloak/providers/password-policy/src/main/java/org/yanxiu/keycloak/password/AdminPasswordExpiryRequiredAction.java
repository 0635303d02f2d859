package org.yanxiu.keycloak.password;

import java.util.concurrent.TimeUnit;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * Periodic password change for admins only. At every login Keycloak asks each enabled required
 * action whether it applies (evaluateTriggers); this one adds UPDATE_PASSWORD to an admin whose
 * password is older than adminPasswordMaxAge(days), the way Keycloak's UPDATE_PASSWORD does for
 * forceExpiredPasswordChange. Teachers are never expired. It never challenges by itself: the
 * password form and the complexity rules are Keycloak's UPDATE_PASSWORD and the realm policy.
 */
public class AdminPasswordExpiryRequiredAction implements RequiredActionFactory, RequiredActionProvider {
  public static final String ID = "yanxiu-admin-password-expiry";

  @Override
  public void evaluateTriggers(RequiredActionContext context) {
    RealmModel realm = context.getRealm();
    UserModel user = context.getUser();
    Integer days = realm.getPasswordPolicy().getPolicyConfig(AdminPasswordMaxAgePolicyProviderFactory.ID);
    if (days == null || days <= 0 || !AdminRoles.isAdmin(realm, user)) return;
    user.credentialManager()
        .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
        .findFirst()
        .ifPresent(password -> {
          Long created = password.getCreatedDate();
          if (created == null || Time.currentTimeMillis() - created > TimeUnit.DAYS.toMillis(days)) {
            user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
          }
        });
  }

  @Override
  public void requiredActionChallenge(RequiredActionContext context) {
    context.success();
  }

  @Override
  public void processAction(RequiredActionContext context) {
    context.success();
  }

  @Override
  public RequiredActionProvider create(KeycloakSession session) {
    return this;
  }

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public String getDisplayText() {
    return "Admin password expiry (Yanxiu)";
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}
}
