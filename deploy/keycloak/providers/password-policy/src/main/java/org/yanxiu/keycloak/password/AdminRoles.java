package org.yanxiu.keycloak.password;

import java.util.List;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/** The realm roles that make a user an admin: ADMIN_ROLES in libs/auth/src/roles.ts. */
final class AdminRoles {
  static final List<String> NAMES = List.of("province-admin", "city-admin", "county-admin", "school-admin");

  private AdminRoles() {}

  /** Directly, through a composite role or through a group: whatever puts the role into the token. */
  static boolean isAdmin(RealmModel realm, UserModel user) {
    if (user == null) return false;
    for (String name : NAMES) {
      RoleModel role = realm.getRole(name);
      if (role != null && user.hasRole(role)) return true;
    }
    return false;
  }
}
