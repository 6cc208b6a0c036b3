// Texts of the findings the Marketo checks report: `finding.<code>` (what was found) and `fix.<code>`
// (what to do about a gap), in both languages. `{name}` placeholders are filled from the finding's params.
// Codes come from src-tauri/src/checks/marketo.rs, checks/overlap.rs and checks/salesforce/sync_user.rs (P1,
// P2's Marketo half and its named sync user, steps 1, 4).

/** What to do about a failed sync, whether or not the service said why. */
const SYNC_FAILED_FIX = {
  en: "In Marketo, Admin › Sales Insight › Actions Config › Action Field Sync: check the Marketo connection (step 3), then click Sync › Start Sync again.",
  es: "En Marketo, Admin › Sales Insight › Actions Config › Action Field Sync: compruebe la conexión con Marketo (paso 3) y vuelva a pulsar Sync › Start Sync.",
} as const;

export const marketoFindings = {
  en: {
    // P1
    "finding.marketo_reachable": "Marketo answers with the saved credentials (API user {scope}).",
    "finding.marketo_not_connected": "Marketo is not connected in this environment.",
    "fix.marketo_not_connected":
      "Connect Marketo in step 3: Munchkin ID from Admin › Integration › Web Services, Client ID and Client Secret from Admin › Integration › LaunchPoint › (your custom service) › View Details.",
    "finding.marketo_access_denied": "Marketo denied access ({code}): the API user's role lacks a permission, or an IP allowlist blocks this computer.",
    "fix.marketo_access_denied":
      "In Marketo, Admin › Users & Roles › Roles: give the API-only user's role \"Read-Only Lead\", \"Access Users\" and \"Access User Management Api\"; or in Admin › Integration › Web Services › IP Restrictions allow this computer's address. Then check again.",
    "finding.marketo_unreadable": "Marketo could not be read (error {code}).",
    "fix.marketo_unreadable": "Check this computer's connection to Marketo and try again in a minute; if it persists, check the connection in step 3.",
    "finding.sales_account_handoff": "This environment reaches the Sales account through its console: the app cannot read it.",
    "fix.sales_account_handoff": "Sign in to the Sales account (toutapp.com/login) and confirm there; or set an HTTP endpoint in the environment's settings.",
    "finding.sales_account_reachable": "The Sales account \"{name}\" answers ({seats_total} seats).",
    "finding.sales_account_unreachable": "The Sales account did not answer ({code}).",
    "fix.sales_account_unreachable": "Check the Sales account's address and token in the environment's settings, then check again.",
    "finding.msi_actions_enabled_confirm":
      "Whether MSI Actions is enabled on the Marketo subscription cannot be read through any public API.",
    "fix.msi_actions_enabled_confirm":
      "In Marketo, open Admin › Sales Insight: if the Actions Config tab is there, it is enabled. If not, ask your Adobe account team or Marketo Support to enable MSI Actions, then mark this step done.",
    // P2 (Marketo half)
    "finding.sync_leads_with_sfdc_ids": "{count} of {sample} Marketo people looked at carry a Salesforce lead or contact id: the Salesforce sync writes to Marketo.",
    "finding.sync_no_sfdc_ids": "None of the {sample} Marketo people looked at carries a Salesforce id: the Marketo ↔ Salesforce sync does not seem to run.",
    "fix.sync_no_sfdc_ids":
      "In Marketo, Admin › CRM › Salesforce: check the sync is enabled and not paused, and that the sync user has access to leads and contacts. Then check again.",
    "finding.sync_sample_empty": "No Marketo person was found in the sample, so the sync could not be judged from it.",
    "fix.sync_sample_empty": "Check again once Salesforce is connected (the sample then uses its people), or confirm the sync in Marketo › Admin › CRM › Salesforce.",
    "finding.sync_status_confirm": "The Salesforce sync's own status is shown only in Marketo.",
    "fix.sync_status_confirm": "In Marketo, Admin › CRM › Salesforce: confirm the sync status reads enabled, with no sync errors.",
    // Step 1
    "finding.marketo_admins_found": "{count} Marketo users with an admin role can be invited as the Sales account's first admin.",
    "finding.marketo_admins_none": "No Marketo user (other than API-only users) holds an admin role.",
    "fix.marketo_admins_none": "In Marketo, Admin › Users & Roles: give the Admin role to the person who will own the Sales account, then check again.",
    "finding.sales_admins_present": "The Sales account has {count} admin(s): {emails}.",
    "finding.sales_admin_missing": "The Sales account has no admin yet.",
    "fix.sales_admin_missing":
      "Pick a Marketo admin below and invite them; or in Marketo, Admin › Sales Insight › Actions Config, pick one of the listed admins and click Send Invite.",
    "finding.admins_invited": "Invited as Sales-account admin(s): {emails}.",
    "finding.admins_already": "Already admin(s) or invited: {emails}.",
    "finding.first_admin_never_delete":
      "The first user invited to the Sales account owns the instance: once the data sync has started, never delete that user.",
    "fix.first_admin_never_delete": "Keep the first-invited admin's user in the Sales account; to change owners, add another admin instead of deleting this one.",
    "finding.further_users_step5": "Step 1 sets up only the first admins (at most {max}); everyone else is invited in step 5, never from Marketo.",
    // P2: the sync user the admin names (the signed-in Salesforce user is someone else)
    "finding.p2_sync_user_not_named": "No sync user is named: Marketo's APIs do not say which Salesforce user its sync runs as, so nothing was checked about that user.",
    "fix.p2_sync_user_not_named": "Find the sync user's username in {path} and type it in the field above, then check again.",
    "finding.p2_sync_user_ready": "Read in Salesforce: the sync user {username} (profile {profile}) is active, API Enabled and reads {objects}.",
    "finding.p2_sync_user_inactive": "Read in Salesforce: the sync user {username} is inactive.",
    "fix.p2_sync_user_inactive": "In Salesforce Setup › Users › Users, edit {username}, tick Active and save — or point Marketo's sync at an active user.",
    "finding.p2_sync_user_api_disabled": "Read in Salesforce: the sync user {username} does not have API Enabled (profile {profile}).",
    "fix.p2_sync_user_api_disabled": "Give {username} API Enabled through its profile or a permission set (Salesforce Setup › Profiles or Permission Sets › System Permissions), then check again.",
    "finding.p2_sync_user_object_read_missing": "Read in Salesforce: the sync user {username} cannot read {objects}.",
    "fix.p2_sync_user_object_read_missing": "Give {username} read on {objects} through its profile or a permission set, then check again.",
    "finding.p2_sync_user_not_found": "No Salesforce user has the username {username}.",
    "fix.p2_sync_user_not_found": "Check the username in {path} (usernames are not always emails) and type it again.",
    "finding.p2_sync_user_unreadable": "The sync user {username} could not be read: {reason}",
    "fix.p2_sync_user_unreadable": "Check the Salesforce connection (step 2), sign in again if asked, then check again.",
    // Step 4: overlap count
    "finding.overlap_count": "{found} of {checked} Salesforce people with an owner are also in Marketo ({with_sfdc_ids} of them already linked to Salesforce).",
    "finding.overlap_none": "None of the {checked} Salesforce people with an owner was found in Marketo.",
    "fix.overlap_none":
      "Check that the Marketo ↔ Salesforce sync runs (Marketo › Admin › CRM › Salesforce) and that the sync user can see these leads and contacts; only people present in both are synced to the Sales account.",
    "finding.overlap_cancelled": "The count was stopped after {checked} of {total} people.",
    "fix.overlap_cancelled": "Start the count again to see the full figure.",
    "finding.overlap_rate_limited": "Marketo's shared limit was reached {retries} time(s) by other integrations; the app waited and retried, and the figure is complete.",
    // Step 4: sync
    "finding.sync_started": "The data sync has started (job {id}).",
    "finding.sync_already_running": "A data sync is already running (job {id}).",
    "finding.sync_queued": "The data sync is waiting to start (job {id}).",
    "finding.sync_in_progress": "The data sync is running: {synced} of {total} people synced.",
    "finding.sync_done": "The data sync finished: {synced} of {total} people synced.",
    "finding.sync_failed": "The data sync failed after {synced} of {total} people. The Sales account said: “{error}”",
    "fix.sync_failed": SYNC_FAILED_FIX.en,
    "finding.sync_failed_no_reason": "The data sync failed after {synced} of {total} people; the Sales account gave no reason.",
    "fix.sync_failed_no_reason": SYNC_FAILED_FIX.en,
  },
  es: {
    // P1
    "finding.marketo_reachable": "Marketo responde con las credenciales guardadas (usuario de API {scope}).",
    "finding.marketo_not_connected": "Marketo no está conectado en este entorno.",
    "fix.marketo_not_connected":
      "Conecte Marketo en el paso 3: el Munchkin ID está en Admin › Integration › Web Services; el Client ID y el Client Secret, en Admin › Integration › LaunchPoint › (su servicio personalizado) › View Details.",
    "finding.marketo_access_denied": "Marketo denegó el acceso ({code}): al rol del usuario de API le falta un permiso, o una lista de IP permitidas bloquea este equipo.",
    "fix.marketo_access_denied":
      "En Marketo, Admin › Users & Roles › Roles: dé al rol del usuario solo API los permisos \"Read-Only Lead\", \"Access Users\" y \"Access User Management Api\"; o en Admin › Integration › Web Services › IP Restrictions permita la dirección de este equipo. Después vuelva a comprobar.",
    "finding.marketo_unreadable": "No se pudo leer Marketo (error {code}).",
    "fix.marketo_unreadable": "Compruebe la conexión de este equipo con Marketo y vuelva a intentarlo en un minuto; si sigue, revise la conexión del paso 3.",
    "finding.sales_account_handoff": "Este entorno llega a la cuenta de Sales por su consola: la aplicación no puede leerla.",
    "fix.sales_account_handoff": "Inicie sesión en la cuenta de Sales (toutapp.com/login) y confírmelo allí; o configure un punto de acceso HTTP en los ajustes del entorno.",
    "finding.sales_account_reachable": "La cuenta de Sales \"{name}\" responde ({seats_total} licencias).",
    "finding.sales_account_unreachable": "La cuenta de Sales no respondió ({code}).",
    "fix.sales_account_unreachable": "Revise la dirección y el token de la cuenta de Sales en los ajustes del entorno y vuelva a comprobar.",
    "finding.msi_actions_enabled_confirm":
      "Si MSI Actions está activado en la suscripción de Marketo no se puede leer con ninguna API pública.",
    "fix.msi_actions_enabled_confirm":
      "En Marketo, abra Admin › Sales Insight: si aparece la pestaña Actions Config, está activado. Si no, pida a su equipo de cuenta de Adobe o al soporte de Marketo que active MSI Actions y después marque este paso como hecho.",
    // P2 (mitad de Marketo)
    "finding.sync_leads_with_sfdc_ids": "{count} de {sample} personas de Marketo revisadas tienen un id de cliente potencial o contacto de Salesforce: la sincronización con Salesforce escribe en Marketo.",
    "finding.sync_no_sfdc_ids": "Ninguna de las {sample} personas de Marketo revisadas tiene un id de Salesforce: la sincronización Marketo ↔ Salesforce no parece funcionar.",
    "fix.sync_no_sfdc_ids":
      "En Marketo, Admin › CRM › Salesforce: compruebe que la sincronización está activada y no en pausa, y que el usuario de sincronización tiene acceso a clientes potenciales y contactos. Después vuelva a comprobar.",
    "finding.sync_sample_empty": "No se encontró ninguna persona de Marketo en la muestra, así que no se pudo juzgar la sincronización con ella.",
    "fix.sync_sample_empty": "Vuelva a comprobar cuando Salesforce esté conectado (la muestra usará sus personas) o confirme la sincronización en Marketo › Admin › CRM › Salesforce.",
    "finding.sync_status_confirm": "El estado propio de la sincronización con Salesforce solo se ve en Marketo.",
    "fix.sync_status_confirm": "En Marketo, Admin › CRM › Salesforce: confirme que la sincronización figura activada y sin errores.",
    // Paso 1
    "finding.marketo_admins_found": "{count} usuarios de Marketo con rol de administrador pueden ser invitados como primer administrador de la cuenta de Sales.",
    "finding.marketo_admins_none": "Ningún usuario de Marketo (salvo los usuarios solo API) tiene un rol de administrador.",
    "fix.marketo_admins_none": "En Marketo, Admin › Users & Roles: dé el rol Admin a la persona que será dueña de la cuenta de Sales y vuelva a comprobar.",
    "finding.sales_admins_present": "La cuenta de Sales tiene {count} administrador(es): {emails}.",
    "finding.sales_admin_missing": "La cuenta de Sales aún no tiene administrador.",
    "fix.sales_admin_missing":
      "Elija abajo un administrador de Marketo e invítelo; o en Marketo, Admin › Sales Insight › Actions Config, elija uno de los administradores de la lista y pulse Send Invite.",
    "finding.admins_invited": "Invitado(s) como administrador(es) de la cuenta de Sales: {emails}.",
    "finding.admins_already": "Ya son administradores o ya están invitados: {emails}.",
    "finding.first_admin_never_delete":
      "El primer usuario invitado a la cuenta de Sales es el dueño de la instancia: una vez iniciada la sincronización de datos, no elimine nunca ese usuario.",
    "fix.first_admin_never_delete": "Conserve el usuario del primer administrador invitado en la cuenta de Sales; para cambiar de responsable, añada otro administrador en lugar de eliminar este.",
    "finding.further_users_step5": "El paso 1 solo configura los primeros administradores (como máximo {max}); a los demás se les invita en el paso 5, nunca desde Marketo.",
    "finding.p2_sync_user_not_named": "No se ha indicado el usuario de sincronización: las API de Marketo no dicen con qué usuario de Salesforce funciona su sincronización, así que no se comprobó nada de ese usuario.",
    "fix.p2_sync_user_not_named": "Busque el nombre de usuario de sincronización en {path}, escríbalo en el campo de arriba y compruebe de nuevo.",
    "finding.p2_sync_user_ready": "Leído en Salesforce: el usuario de sincronización {username} (perfil {profile}) está activo, tiene API Enabled y lee {objects}.",
    "finding.p2_sync_user_inactive": "Leído en Salesforce: el usuario de sincronización {username} está inactivo.",
    "fix.p2_sync_user_inactive": "En Salesforce Setup › Users › Users, edite {username}, marque Active y guarde, o haga que la sincronización de Marketo use un usuario activo.",
    "finding.p2_sync_user_api_disabled": "Leído en Salesforce: el usuario de sincronización {username} no tiene API Enabled (perfil {profile}).",
    "fix.p2_sync_user_api_disabled": "Dé API Enabled a {username} mediante su perfil o un conjunto de permisos (Salesforce Setup › Profiles o Permission Sets › System Permissions) y compruebe de nuevo.",
    "finding.p2_sync_user_object_read_missing": "Leído en Salesforce: el usuario de sincronización {username} no puede leer {objects}.",
    "fix.p2_sync_user_object_read_missing": "Dé a {username} lectura sobre {objects} mediante su perfil o un conjunto de permisos y compruebe de nuevo.",
    "finding.p2_sync_user_not_found": "Ningún usuario de Salesforce tiene el nombre de usuario {username}.",
    "fix.p2_sync_user_not_found": "Revise el nombre de usuario en {path} (no siempre es un correo) y escríbalo de nuevo.",
    "finding.p2_sync_user_unreadable": "No se pudo leer el usuario de sincronización {username}: {reason}",
    "fix.p2_sync_user_unreadable": "Revise la conexión con Salesforce (paso 2), vuelva a iniciar sesión si se le pide y compruebe de nuevo.",
    // Paso 4: recuento de coincidencias
    "finding.overlap_count": "{found} de {checked} personas de Salesforce con propietario también están en Marketo ({with_sfdc_ids} de ellas ya vinculadas a Salesforce).",
    "finding.overlap_none": "Ninguna de las {checked} personas de Salesforce con propietario se encontró en Marketo.",
    "fix.overlap_none":
      "Compruebe que la sincronización Marketo ↔ Salesforce funciona (Marketo › Admin › CRM › Salesforce) y que el usuario de sincronización ve esos clientes potenciales y contactos; solo se sincronizan con la cuenta de Sales las personas presentes en ambos.",
    "finding.overlap_cancelled": "El recuento se detuvo tras {checked} de {total} personas.",
    "fix.overlap_cancelled": "Vuelva a iniciar el recuento para ver la cifra completa.",
    "finding.overlap_rate_limited": "Otras integraciones alcanzaron {retries} vez/veces el límite compartido de Marketo; la aplicación esperó y reintentó, y la cifra está completa.",
    // Paso 4: sincronización
    "finding.sync_started": "La sincronización de datos ha empezado (tarea {id}).",
    "finding.sync_already_running": "Ya hay una sincronización de datos en curso (tarea {id}).",
    "finding.sync_queued": "La sincronización de datos está en espera de empezar (tarea {id}).",
    "finding.sync_in_progress": "La sincronización de datos está en curso: {synced} de {total} personas sincronizadas.",
    "finding.sync_done": "La sincronización de datos terminó: {synced} de {total} personas sincronizadas.",
    "finding.sync_failed": "La sincronización de datos falló tras {synced} de {total} personas. La cuenta de Sales dijo: «{error}»",
    "fix.sync_failed": SYNC_FAILED_FIX.es,
    "finding.sync_failed_no_reason": "La sincronización de datos falló tras {synced} de {total} personas; la cuenta de Sales no dio el motivo.",
    "fix.sync_failed_no_reason": SYNC_FAILED_FIX.es,
  },
} as const;
