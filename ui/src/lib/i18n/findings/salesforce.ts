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
    "finding.package_unreadable": "The installed packages could not be read ({error_code}): {message}",
    "fix.package_unreadable":
      "Connect Salesforce with an admin user (reading installed packages needs \"View Setup and Configuration\"), then check again.",

    // Step 7: Remote Site Settings
    "finding.remote_site_present": "Remote site {name} allows {url}.",
    "finding.remote_site_inactive": "Remote site {name} for {url} exists but is not active.",
    "fix.remote_site_inactive": "In Salesforce Setup › Security › Remote Site Settings, edit {name}, tick Active and save.",
    "finding.remote_site_missing": "No remote site allows {url}.",
    "fix.remote_site_missing":
      "Let the app create it (\"Create remote sites\"), or in Salesforce Setup › Security › Remote Site Settings › New Remote Site: name {name}, URL {url}, Active ticked, then Save.",
    "finding.remote_sites_unreadable": "Remote Site Settings could not be read ({error_code}): {message}",
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
    "finding.people_unreadable": "The invited people's Salesforce users could not be read ({error_code}): {message}",
    "fix.people_unreadable": "Connect Salesforce with an admin user (reading users and permission sets), then check again.",

    // Step 7: the package's Config tab, which no API reads
    "finding.enable_msi_actions_confirm":
      "Confirm by hand: in Salesforce, the Marketo Sales Insight Config tab (App Launcher › All Items if hidden) has \"Enable MSI Actions\" ticked. The app cannot read this tab.",
    "finding.api_secret_key_confirm":
      "Confirm by hand: the same Config tab holds the API Secret Key chosen in Marketo Admin › Sales Insight › Edit API Configuration, then Save. The app cannot read this tab.",

    // P2: the connected (sync) user
    "finding.sync_user_ready": "The connected Salesforce user {username} (profile {profile}) is active, API Enabled and reads Lead and Contact.",
    "finding.sync_user_inactive": "The connected Salesforce user {username} is inactive.",
    "fix.sync_user_inactive": "In Salesforce Setup › Users › Users, edit {username}, tick Active and save — or connect the sync with an active user.",
    "finding.sync_user_api_disabled": "The connected Salesforce user {username} does not have API Enabled (profile {profile}).",
    "fix.sync_user_api_disabled":
      "In Salesforce Setup › Users › Profiles › {profile} › System Permissions, tick \"API Enabled\" (or assign a permission set that grants it).",
    "finding.sync_user_object_read_missing": "The connected Salesforce user {username} cannot read {objects}.",
    "fix.sync_user_object_read_missing":
      "Give {username}'s profile (or a permission set) Read on {objects} in Salesforce Setup › Users › Profiles › Object Settings.",
    "finding.sync_user_unreadable": "The connected Salesforce user could not be read ({error_code}): {message}",
    "fix.sync_user_unreadable": "Check the Salesforce connection (step 2), sign in again if asked, then check again.",
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
    "finding.package_unreadable": "No se pudieron leer los paquetes instalados ({error_code}): {message}",
    "fix.package_unreadable":
      "Conecte Salesforce con un usuario administrador (leer los paquetes instalados requiere \"View Setup and Configuration\") y vuelva a comprobar.",

    // Paso 7: Remote Site Settings
    "finding.remote_site_present": "El sitio remoto {name} permite {url}.",
    "finding.remote_site_inactive": "El sitio remoto {name} para {url} existe pero no está activo.",
    "fix.remote_site_inactive": "En Salesforce Setup › Security › Remote Site Settings, edite {name}, marque Active y guarde.",
    "finding.remote_site_missing": "Ningún sitio remoto permite {url}.",
    "fix.remote_site_missing":
      "Deje que la app lo cree (\"Crear sitios remotos\"), o en Salesforce Setup › Security › Remote Site Settings › New Remote Site: nombre {name}, URL {url}, Active marcado, y Save.",
    "finding.remote_sites_unreadable": "No se pudieron leer los Remote Site Settings ({error_code}): {message}",
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
    "finding.people_unreadable": "No se pudieron leer los usuarios de Salesforce de las personas invitadas ({error_code}): {message}",
    "fix.people_unreadable": "Conecte Salesforce con un usuario administrador (lectura de usuarios y conjuntos de permisos) y vuelva a comprobar.",

    // Paso 7: la pestaña Config del paquete, que ninguna API lee
    "finding.enable_msi_actions_confirm":
      "Confírmelo a mano: en Salesforce, la pestaña Marketo Sales Insight Config (App Launcher › All Items si está oculta) tiene marcado \"Enable MSI Actions\". La app no puede leer esta pestaña.",
    "finding.api_secret_key_confirm":
      "Confírmelo a mano: esa misma pestaña Config contiene la API Secret Key elegida en Marketo Admin › Sales Insight › Edit API Configuration, guardada con Save. La app no puede leer esta pestaña.",

    // P2: el usuario conectado (sincronización)
    "finding.sync_user_ready": "El usuario de Salesforce conectado {username} (perfil {profile}) está activo, tiene API Enabled y lee Lead y Contact.",
    "finding.sync_user_inactive": "El usuario de Salesforce conectado {username} está inactivo.",
    "fix.sync_user_inactive": "En Salesforce Setup › Users › Users, edite {username}, marque Active y guarde, o conecte la sincronización con un usuario activo.",
    "finding.sync_user_api_disabled": "El usuario de Salesforce conectado {username} no tiene API Enabled (perfil {profile}).",
    "fix.sync_user_api_disabled":
      "En Salesforce Setup › Users › Profiles › {profile} › System Permissions, marque \"API Enabled\" (o asigne un conjunto de permisos que lo conceda).",
    "finding.sync_user_object_read_missing": "El usuario de Salesforce conectado {username} no puede leer {objects}.",
    "fix.sync_user_object_read_missing":
      "Dé al perfil de {username} (o a un conjunto de permisos) lectura (Read) sobre {objects} en Salesforce Setup › Users › Profiles › Object Settings.",
    "finding.sync_user_unreadable": "No se pudo leer el usuario de Salesforce conectado ({error_code}): {message}",
    "fix.sync_user_unreadable": "Revise la conexión con Salesforce (paso 2), vuelva a iniciar sesión si se le pide y compruebe de nuevo.",
  },
} as const;
