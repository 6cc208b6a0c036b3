//! What start-up says when it cannot start (app.rs's dialog) or had to move a damaged database aside
//! (store/set_aside.rs's note, written in both languages since no language is known yet).

super::texts! {
    CANNOT_START = ("MSI Actions Setup cannot start", "MSI Actions Setup no puede arrancar");
    SET_ASIDE_NOTE = (
        "MSI Actions Setup could not read its database on {when}.\n\
         SQLite said: {reason}\n\n\
         The file was moved here, not deleted nor overwritten:\n  {moved}\n(it was {original}; its -wal and -shm \
         files, if any, were moved beside it with the same name)\n\
         and the app started with a new, empty database.\n\n\
         What the old database recorded (step statuses, the record of invitations, imports) is not in the new one.\n\
         Invitations already sent are on the Sales account: nothing sent is lost there, and the app's checks\n\
         read them again. To get the old record back, keep this file and try `sqlite3 \"{moved}\" .recover`,\n\
         or send the file to your support contact. It holds no passwords or tokens (those live in the OS keyring).\n",
        "MSI Actions Setup no pudo leer su base de datos el {when}.\n\
         SQLite dijo: {reason}\n\n\
         El archivo se movió aquí, sin borrarlo ni sobrescribirlo:\n  {moved}\n(era {original}; sus archivos -wal y \
         -shm, si había, se movieron a su lado con el mismo nombre)\n\
         y la app empezó con una base de datos nueva y vacía.\n\n\
         Lo que registraba la base antigua (estado de los pasos, registro de invitaciones, importaciones) no está en la\n\
         nueva. Las invitaciones ya enviadas están en la cuenta de Sales: allí no se pierde nada. Para recuperar el\n\
         registro antiguo, conserve este archivo y pruebe `sqlite3 \"{moved}\" .recover`, o envíelo a su soporte.\n\
         No contiene contraseñas ni tokens (están en el llavero del sistema).\n",
    );
}
