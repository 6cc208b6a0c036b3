// Texts of the findings the Salesforce checks report: `finding.<code>` (what was found) and `fix.<code>`
// (what to do about a gap), in both languages. `{name}` placeholders are filled from the finding's params.

export const salesforceFindings = {
  en: {
    // Step 6: the Marketo Sales Insight package
    "finding.package_current": "Marketo Sales Insight {version} is installed: recent enough for the \"Marketo App Access\" permission set.",
    "finding.package_old": "Marketo Sales Insight {version} is installed; MSI Actions needs {minimum} or later.",
    "fix.package_old":
      "Upgrade the package from its AppExchange listing, {url}: Get It Now › Install in Production (or Sandbox), choose Admins Only (Adobe's recommendation), then check Setup › Installed Packages shows the new version. Test the upgrade in a sandbox org first.",
    "finding.package_missing": "The Marketo Sales Insight package (namespace mkto_si) is not installed in this org.",
    "fix.package_missing":
      "Install version {minimum} or later from its AppExchange listing, {url}: Get It Now › Install in Production (or Sandbox), choose Admins Only (Adobe's recommendation). Then check Setup › Installed Packages shows \"Marketo Sales Insight\" and that its custom objects are Deployed.",
    "finding.package_unreadable": "The installed packages could not be read: {reason}",
    "fix.package_unreadable":
      "Connect Salesforce with an admin user (reading installed packages needs \"View Setup and Configuration\"), then check again.",

    // Step 7: Remote Site Settings
    "finding.remote_site_present": "Remote site {name} allows {url}.",
    "finding.remote_site_inactive": "Remote site {name} for {url} exists but is not active.",
    "fix.remote_site_inactive": "In Salesforce Setup › Security › Remote Site Settings, edit {name}, tick Active and save.",
    "finding.remote_site_missing": "No remote site allows {url}.",
    "fix.remote_site_missing":
      "Let the app create it (\"Create remote sites\"), or in Salesforce Setup › Security › Remote Site Settings › New Remote Site: name {name}, URL {url}, Active ticked, then Save.",
    "finding.remote_sites_unreadable": "Remote Site Settings could not be read: {reason}",
    "fix.remote_sites_unreadable":
      "Connect Salesforce with an admin user (\"View Setup and Configuration\" and \"Customize Application\"), then check again.",

    // Step 7: the permission set and the invited people
    "finding.permission_set_missing": "The \"{label}\" permission set does not exist in this org.",
    "fix.permission_set_missing":
      "It comes with Marketo Sales Insight {minimum} or later: install or upgrade the package from {url} (step 6), then check again.",
    "finding.no_invited_people": "Nobody is invited yet, so no Salesforce user was checked.",
    "finding.user_ready": "{email} ({username}) is ready in Salesforce: active, API Enabled, reads Lead, Contact, Account and Opportunity, has \"Marketo App Access\".",
    "finding.user_awaiting_permission_set":
      "{email} ({username}) is active, API Enabled and reads Lead, Contact, Account and Opportunity; the permission set can be assigned once the package is upgraded.",
    "finding.user_not_found": "{email} has no Salesforce user (no user has this email).",
    "fix.user_not_found":
      "In Salesforce Setup › Users › Users, create a user for {email} (or set this email on the person's existing user), then check again. MSI Actions signs people in with Salesforce.",
    "finding.user_inactive": "The Salesforce user {username} ({email}) is inactive.",
    "fix.user_inactive": "In Salesforce Setup › Users › Users, edit {username}, tick Active and save.",
    "finding.user_api_disabled": "The Salesforce user {username} ({email}) does not have API Enabled (profile {profile}).",
    "fix.user_api_disabled":
      "In Salesforce Setup › Users › Profiles › {profile} › System Permissions, tick \"API Enabled\" — or assign {username} a permission set that grants it. Without it the Sales Insight Actions app is blocked for this person.",
    "finding.user_object_read_missing": "The Salesforce user {username} ({email}) cannot read {objects} (profile {profile}).",
    "fix.user_object_read_missing":
      "In Salesforce Setup › Users › Profiles › {profile} › Object Settings, give Read on {objects} — or use a permission set that grants it. The MSI package cannot grant access to standard objects.",
    "finding.permission_set_not_assigned": "{email} ({username}) does not have the \"{label}\" permission set.",
    "fix.permission_set_not_assigned":
      "Let the app assign it (\"Assign permission set\"), or in Salesforce Setup › Users › Permission Sets › {label} › Manage Assignments › Add Assignment, pick {username}.",
    "finding.people_unreadable": "The invited people's Salesforce users could not be read: {reason}",
    "fix.people_unreadable": "Connect Salesforce with an admin user (reading users and permission sets), then check again.",

    // Step 7: the package's objects and profile-level access
    "finding.package_objects_deployed": "All {count} custom objects of the Marketo Sales Insight package are Deployed.",
    "finding.package_object_not_deployed": "The package object {label} ({object}) is not Deployed (status: {status}).",
    "fix.package_object_not_deployed":
      "In Salesforce Setup › Object Manager › {label} › Edit, set Deployment Status to Deployed and save. Until then MSI users cannot see its records.",
    "finding.package_objects_none": "No custom object of the {namespace} package was found: install the package first (step 6).",
    "finding.package_objects_unreadable": "The package's objects could not be read: {reason}",
    "fix.package_objects_unreadable":
      "Connect Salesforce with an admin user (reading object definitions needs \"View Setup and Configuration\"), then check again.",
    "finding.profile_msi_access": "The profile {profile} still gives access to {count} Marketo Sales Insight objects ({objects}).",
    "fix.profile_msi_access":
      "Adobe: before using the \"{label}\" permission set, remove the MSI access given by profiles. In Salesforce Setup › Users › Profiles › {profile} › Object Settings, remove the access to the Marketo Sales Insight objects (and the package's tabs, Apex classes and Visualforce pages), then assign \"{label}\" to the people who use MSI.",
    "finding.profile_msi_access_legacy":
      "The profile {profile} gives access to {count} Marketo Sales Insight objects ({objects}): the way before the \"{label}\" permission set.",
    "fix.profile_msi_access_legacy":
      "Nothing to do now. After upgrading the package (step 6), remove this profile access in Setup › Users › Profiles › {profile} › Object Settings before assigning \"{label}\".",
    "finding.profile_msi_access_none": "No profile gives MSI access of its own (apart from administrators): the permission set is the only way in.",
    "finding.profile_access_unreadable": "The profiles' access to the package's objects could not be read: {reason}",
    "fix.profile_access_unreadable": "Connect Salesforce with an admin user (reading profiles and object permissions), then check again.",

    // Step 7: the package's Config tab, which no API reads
    "finding.enable_msi_actions_confirm":
      "Confirm by hand: in Salesforce, the Marketo Sales Insight Config tab (App Launcher › All Items if hidden) has \"Enable MSI Actions\" ticked. The app cannot read this tab.",
    "finding.api_secret_key_confirm":
      "Confirm by hand: the same Config tab holds the API Secret Key chosen in Marketo Admin › Sales Insight › Edit API Configuration, then Save. The app cannot read this tab.",
    "finding.oauth_app_not_blocked_confirm":
      "Confirm by hand: in Salesforce Setup › Apps › Connected Apps › Connected Apps OAuth Usage, the Sales Insight Actions app is not blocked (Adobe's fix for \"We were unable to authenticate your request\"). No API reads this.",
    "finding.login_management_confirm":
      "Confirm by hand: in the Sales account, gear › Settings › Admin Settings › General › Login Management is \"Salesforce Only\" (Adobe's recommendation) or \"All Login Methods\" as you chose. The app cannot read this setting.",
    "finding.governance_confirm":
      "Decide and confirm: on the Marketo Sales Insight Config tab, Governance can turn off Sales Campaigns and/or the Tasks tab on lead, contact, account and opportunity panels for every MSI user. Leave them on unless you mean it.",
  },
  es: {
    // Paso 6: el paquete Marketo Sales Insight
    "finding.package_current": "Marketo Sales Insight {version} está instalado: es lo bastante reciente para el conjunto de permisos \"Marketo App Access\".",
    "finding.package_old": "Marketo Sales Insight {version} está instalado; MSI Actions necesita {minimum} o posterior.",
    "fix.package_old":
      "Actualice el paquete desde su ficha de AppExchange, {url}: Get It Now › Install in Production (o Sandbox), elija Admins Only (lo que recomienda Adobe) y compruebe en Setup › Installed Packages que aparece la nueva versión. Pruebe antes la actualización en una org sandbox.",
    "finding.package_missing": "El paquete Marketo Sales Insight (espacio de nombres mkto_si) no está instalado en esta org.",
    "fix.package_missing":
      "Instale la versión {minimum} o posterior desde su ficha de AppExchange, {url}: Get It Now › Install in Production (o Sandbox), elija Admins Only (lo que recomienda Adobe). Después compruebe en Setup › Installed Packages que aparece \"Marketo Sales Insight\" y que sus objetos personalizados están Deployed.",
    "finding.package_unreadable": "No se pudieron leer los paquetes instalados: {reason}",
    "fix.package_unreadable":
      "Conecte Salesforce con un usuario administrador (leer los paquetes instalados requiere \"View Setup and Configuration\") y vuelva a comprobar.",

    // Paso 7: Remote Site Settings
    "finding.remote_site_present": "El sitio remoto {name} permite {url}.",
    "finding.remote_site_inactive": "El sitio remoto {name} para {url} existe pero no está activo.",
    "fix.remote_site_inactive": "En Salesforce Setup › Security › Remote Site Settings, edite {name}, marque Active y guarde.",
    "finding.remote_site_missing": "Ningún sitio remoto permite {url}.",
    "fix.remote_site_missing":
      "Deje que la app lo cree (\"Crear sitios remotos\"), o en Salesforce Setup › Security › Remote Site Settings › New Remote Site: nombre {name}, URL {url}, Active marcado, y Save.",
    "finding.remote_sites_unreadable": "No se pudieron leer los Remote Site Settings: {reason}",
    "fix.remote_sites_unreadable":
      "Conecte Salesforce con un usuario administrador (\"View Setup and Configuration\" y \"Customize Application\") y vuelva a comprobar.",

    // Paso 7: el conjunto de permisos y las personas invitadas
    "finding.permission_set_missing": "El conjunto de permisos \"{label}\" no existe en esta org.",
    "fix.permission_set_missing":
      "Llega con Marketo Sales Insight {minimum} o posterior: instale o actualice el paquete desde {url} (paso 6) y vuelva a comprobar.",
    "finding.no_invited_people": "Todavía no hay nadie invitado, así que no se ha comprobado ningún usuario de Salesforce.",
    "finding.user_ready": "{email} ({username}) está listo en Salesforce: activo, con API Enabled, lee Lead, Contact, Account y Opportunity y tiene \"Marketo App Access\".",
    "finding.user_awaiting_permission_set":
      "{email} ({username}) está activo, tiene API Enabled y lee Lead, Contact, Account y Opportunity; el conjunto de permisos se podrá asignar cuando se actualice el paquete.",
    "finding.user_not_found": "{email} no tiene usuario de Salesforce (ningún usuario tiene este correo).",
    "fix.user_not_found":
      "En Salesforce Setup › Users › Users, cree un usuario para {email} (o ponga este correo en el usuario que ya tenga la persona) y vuelva a comprobar. MSI Actions inicia la sesión de las personas con Salesforce.",
    "finding.user_inactive": "El usuario de Salesforce {username} ({email}) está inactivo.",
    "fix.user_inactive": "En Salesforce Setup › Users › Users, edite {username}, marque Active y guarde.",
    "finding.user_api_disabled": "El usuario de Salesforce {username} ({email}) no tiene API Enabled (perfil {profile}).",
    "fix.user_api_disabled":
      "En Salesforce Setup › Users › Profiles › {profile} › System Permissions, marque \"API Enabled\", o asigne a {username} un conjunto de permisos que lo conceda. Sin él, la app Sales Insight Actions queda bloqueada para esta persona.",
    "finding.user_object_read_missing": "El usuario de Salesforce {username} ({email}) no puede leer {objects} (perfil {profile}).",
    "fix.user_object_read_missing":
      "En Salesforce Setup › Users › Profiles › {profile} › Object Settings, dé lectura (Read) sobre {objects}, o use un conjunto de permisos que la conceda. El paquete MSI no puede dar acceso a objetos estándar.",
    "finding.permission_set_not_assigned": "{email} ({username}) no tiene el conjunto de permisos \"{label}\".",
    "fix.permission_set_not_assigned":
      "Deje que la app lo asigne (\"Asignar conjunto de permisos\"), o en Salesforce Setup › Users › Permission Sets › {label} › Manage Assignments › Add Assignment, elija {username}.",
    "finding.people_unreadable": "No se pudieron leer los usuarios de Salesforce de las personas invitadas: {reason}",
    "fix.people_unreadable": "Conecte Salesforce con un usuario administrador (lectura de usuarios y conjuntos de permisos) y vuelva a comprobar.",

    // Paso 7: los objetos del paquete y el acceso por perfil
    "finding.package_objects_deployed": "Los {count} objetos personalizados del paquete Marketo Sales Insight están Deployed.",
    "finding.package_object_not_deployed": "El objeto del paquete {label} ({object}) no está Deployed (estado: {status}).",
    "fix.package_object_not_deployed":
      "En Salesforce Setup › Object Manager › {label} › Edit, ponga Deployment Status en Deployed y guarde. Hasta entonces los usuarios de MSI no ven sus registros.",
    "finding.package_objects_none": "No se encontró ningún objeto personalizado del paquete {namespace}: instale antes el paquete (paso 6).",
    "finding.package_objects_unreadable": "No se pudieron leer los objetos del paquete: {reason}",
    "fix.package_objects_unreadable":
      "Conecte Salesforce con un usuario administrador (leer las definiciones de objetos requiere \"View Setup and Configuration\") y vuelva a comprobar.",
    "finding.profile_msi_access": "El perfil {profile} todavía da acceso a {count} objetos de Marketo Sales Insight ({objects}).",
    "fix.profile_msi_access":
      "Adobe: antes de usar el conjunto de permisos \"{label}\", quite el acceso a MSI dado por perfiles. En Salesforce Setup › Users › Profiles › {profile} › Object Settings, quite el acceso a los objetos de Marketo Sales Insight (y a las fichas, clases Apex y páginas Visualforce del paquete) y después asigne \"{label}\" a las personas que usan MSI.",
    "finding.profile_msi_access_legacy":
      "El perfil {profile} da acceso a {count} objetos de Marketo Sales Insight ({objects}): el modo anterior al conjunto de permisos \"{label}\".",
    "fix.profile_msi_access_legacy":
      "Nada que hacer ahora. Tras actualizar el paquete (paso 6), quite este acceso del perfil en Setup › Users › Profiles › {profile} › Object Settings antes de asignar \"{label}\".",
    "finding.profile_msi_access_none": "Ningún perfil da acceso propio a MSI (salvo los administradores): el conjunto de permisos es la única vía.",
    "finding.profile_access_unreadable": "No se pudo leer el acceso de los perfiles a los objetos del paquete: {reason}",
    "fix.profile_access_unreadable": "Conecte Salesforce con un usuario administrador (lectura de perfiles y permisos de objetos) y vuelva a comprobar.",

    // Paso 7: la pestaña Config del paquete, que ninguna API lee
    "finding.enable_msi_actions_confirm":
      "Confírmelo a mano: en Salesforce, la pestaña Marketo Sales Insight Config (App Launcher › All Items si está oculta) tiene marcado \"Enable MSI Actions\". La app no puede leer esta pestaña.",
    "finding.api_secret_key_confirm":
      "Confírmelo a mano: esa misma pestaña Config contiene la API Secret Key elegida en Marketo Admin › Sales Insight › Edit API Configuration, guardada con Save. La app no puede leer esta pestaña.",
    "finding.oauth_app_not_blocked_confirm":
      "Confírmelo a mano: en Salesforce Setup › Apps › Connected Apps › Connected Apps OAuth Usage, la app Sales Insight Actions no está bloqueada (la solución de Adobe para \"We were unable to authenticate your request\"). Ninguna API lo lee.",
    "finding.login_management_confirm":
      "Confírmelo a mano: en la cuenta de ventas, engranaje › Configuración › Configuración de administración › General › Login Management está en \"Salesforce Only\" (lo que recomienda Adobe) o en \"All Login Methods\", según lo que haya elegido. La app no puede leer este ajuste.",
    "finding.governance_confirm":
      "Decida y confirme: en la pestaña Marketo Sales Insight Config, Governance permite desactivar Sales Campaigns y/o la ficha Tasks en los paneles de lead, contacto, cuenta y oportunidad para todos los usuarios de MSI. Déjelos activos salvo que lo quiera así.",
  },
} as const;
