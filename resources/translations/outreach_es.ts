<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>AssessmentDialog</name>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="95"/>
        <source>Assessment date</source>
        <extracomment>The window keeps an unfinished one as a draft of this kind.</extracomment>
        <translation>Fecha de la evaluación</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="97"/>
        <source>Assessment location</source>
        <translation>Lugar de la evaluación</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="98"/>
        <source>Assessment type</source>
        <translation>Tipo de evaluación</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="100"/>
        <source>Assessment level</source>
        <translation>Nivel de evaluación</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="102"/>
        <source>Prioritization status</source>
        <translation>Estado de priorización</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="107"/>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="108"/>
        <source>Location</source>
        <translation>Lugar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="109"/>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="110"/>
        <source>Level</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="111"/>
        <source>Prioritization</source>
        <translation>Priorización</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="138"/>
        <source>Questions</source>
        <translation>Preguntas</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="143"/>
        <source>Score and result</source>
        <translation>Puntaje y resultado</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="145"/>
        <location filename="../../outreach_app/ui/assessment.py" line="146"/>
        <source>Save assessment</source>
        <translation>Guardar evaluación</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="148"/>
        <location filename="../../outreach_app/ui/assessment.py" line="149"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="218"/>
        <source>Score: {total}</source>
        <translation>Puntaje: {total}</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="225"/>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="226"/>
        <source>Computed from the answers: {status}</source>
        <translation>Calculado a partir de las respuestas: {status}</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="228"/>
        <source>Changed by hand. {computed}</source>
        <translation>Cambiado a mano. {computed}</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="281"/>
        <source>Fix the questions marked in red, then save.</source>
        <translation>Corrija las preguntas marcadas en rojo y luego guarde.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="288"/>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="329"/>
        <source>Discard this assessment?</source>
        <translation>¿Descartar esta evaluación?</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/assessment.py" line="330"/>
        <source>The answers typed so far will be lost.</source>
        <translation>Se perderán las respuestas escritas hasta ahora.</translation>
    </message>
</context>
<context>
    <name>CeEventDialog</name>
    <message>
        <location filename="../../outreach_app/ui/ce_event.py" line="86"/>
        <source>Coordinated entry event</source>
        <extracomment>The window keeps an unfinished one as a draft of this kind.</extracomment>
        <translation>Evento de entrada coordinada</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_event.py" line="98"/>
        <location filename="../../outreach_app/ui/ce_event.py" line="99"/>
        <source>Save event</source>
        <translation>Guardar evento</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_event.py" line="101"/>
        <location filename="../../outreach_app/ui/ce_event.py" line="102"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_event.py" line="140"/>
        <source>Fix the fields marked in red, then save.</source>
        <translation>Corrija los campos marcados en rojo y luego guarde.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_event.py" line="147"/>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_event.py" line="182"/>
        <source>Discard this event?</source>
        <translation>¿Descartar este evento?</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_event.py" line="183"/>
        <source>What was typed will be lost.</source>
        <translation>Se perderá lo que se escribió.</translation>
    </message>
</context>
<context>
    <name>ClientList</name>
    <message>
        <location filename="../../outreach_app/ui/client_model.py" line="38"/>
        <source>Only on this laptop</source>
        <translation>Solo en esta computadora</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_model.py" line="39"/>
        <source>Waiting to sync</source>
        <translation>Esperando para sincronizar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_model.py" line="40"/>
        <source>Synced</source>
        <translation>Sincronizado</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_model.py" line="41"/>
        <source>Needs attention</source>
        <translation>Necesita atención</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_model.py" line="42"/>
        <source>Changed in two places</source>
        <translation>Cambiado en dos lugares</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_model.py" line="53"/>
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_model.py" line="85"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_model.py" line="86"/>
        <source>Also known as</source>
        <translation>También conocido como</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_model.py" line="87"/>
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_model.py" line="88"/>
        <source>SSN</source>
        <translation>SSN</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_model.py" line="89"/>
        <source>Last contact</source>
        <translation>Último contacto</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_model.py" line="90"/>
        <source>Sync</source>
        <translation>Sincronización</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_model.py" line="207"/>
        <source>not recorded</source>
        <translation>no registrado</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_model.py" line="225"/>
        <source>ending {digits}</source>
        <translation>termina en {digits}</translation>
    </message>
</context>
<context>
    <name>ClientView</name>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="147"/>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="148"/>
        <source>← Clients</source>
        <translation>← Clientes</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="149"/>
        <source>Back to the client list (Esc)</source>
        <translation>Volver a la lista de clientes (Esc)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="150"/>
        <source>Record &amp;contact</source>
        <translation>&amp;Registrar contacto</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="152"/>
        <source>CE &amp;assessment</source>
        <translation>E&amp;valuación de CE</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="153"/>
        <source>CE &amp;event</source>
        <translation>Evento &amp;de CE</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="154"/>
        <source>&amp;Service or referral</source>
        <translation>&amp;Servicio o remisión</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="155"/>
        <source>Save profile</source>
        <translation>Guardar perfil</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="156"/>
        <source>Save consent</source>
        <translation>Guardar consentimiento</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="157"/>
        <source>Save enrollment</source>
        <translation>Guardar inscripción</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="160"/>
        <source>Household</source>
        <translation>Hogar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="161"/>
        <source>Add a household member…</source>
        <translation>Agregar un miembro del hogar…</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="167"/>
        <source>Save exit</source>
        <translation>Guardar salida</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="168"/>
        <source>Contacts</source>
        <translation>Contactos</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="169"/>
        <source>Assessments</source>
        <translation>Evaluaciones</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="170"/>
        <source>CE events</source>
        <translation>Eventos de CE</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="171"/>
        <source>Services</source>
        <translation>Servicios</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="175"/>
        <source>&amp;Profile</source>
        <translation>Per&amp;fil</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="176"/>
        <source>Co&amp;nsent</source>
        <translation>Consenti&amp;miento</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="177"/>
        <source>Enro&amp;llment</source>
        <translation>Inscri&amp;pción</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="178"/>
        <source>Contac&amp;ts</source>
        <translation>Con&amp;tactos</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="179"/>
        <source>Assess&amp;ments</source>
        <translation>Eval&amp;uaciones</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="180"/>
        <source>E&amp;vents</source>
        <translation>Evento&amp;s</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="181"/>
        <source>Se&amp;rvices</source>
        <translation>S&amp;ervicios</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="182"/>
        <source>E&amp;xit</source>
        <translation>Sa&amp;lida</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="183"/>
        <source>&amp;History</source>
        <translation>&amp;Historial</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="231"/>
        <source>Opening…</source>
        <translation>Abriendo…</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="247"/>
        <source>date of birth unknown</source>
        <translation>fecha de nacimiento desconocida</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="250"/>
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="269"/>
        <source>Enroll the person (or record a contact) first.</source>
        <translation>Primero inscriba a la persona (o registre un contacto).</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="275"/>
        <source>Household: save the enrollment first.</source>
        <translation>Hogar: primero guarde la inscripción.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="279"/>
        <source>Household: this person alone.</source>
        <translation>Hogar: esta persona sola.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="285"/>
        <source>Household: {members}</source>
        <translation>Hogar: {members}</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="314"/>
        <source>The app is locked; unlock it and add them again.</source>
        <translation>La aplicación está bloqueada; desbloquéela y vuelva a agregar a la persona.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="381"/>
        <source>The app is locked; unlock it and save again.</source>
        <translation>La aplicación está bloqueada; desbloquéela y vuelva a guardar.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="391"/>
        <source>Could not save</source>
        <translation>No se pudo guardar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/client_record.py" line="445"/>
        <source>Restored from before the lock; not saved yet.</source>
        <translation>Recuperado de antes del bloqueo; todavía no se ha guardado.</translation>
    </message>
</context>
<context>
    <name>ClientsPage</name>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="81"/>
        <source>Search clients</source>
        <extracomment>The search runs at the next turn of the event loop after a key: keys that arrive together (a paste, a burst) make one search, and an answer for text that has since changed is dropped. A search takes 2-25 ms at 100,000 clients, so waiting longer would only add to what the worker sees.</extracomment>
        <translation>Buscar clientes</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="82"/>
        <source>Name, alias, date of birth or last 4 of SSN</source>
        <translation>Nombre, apodo, fecha de nacimiento o últimos 4 del SSN</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="84"/>
        <source>New client</source>
        <translation>Nuevo cliente</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="86"/>
        <source>Start a new client (Ctrl+N)</source>
        <translation>Agregar un nuevo cliente (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="87"/>
        <source>&amp;My caseload</source>
        <translation>&amp;Mis casos</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="87"/>
        <source>My caseload (Alt+M)</source>
        <translation>Mis casos (Alt+M)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="89"/>
        <source>&amp;Seen in the last 30 days</source>
        <translation>Vi&amp;stos en los últimos 30 días</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="89"/>
        <source>Seen in the last 30 days (Alt+S)</source>
        <translation>Vistos en los últimos 30 días (Alt+S)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="91"/>
        <source>&amp;Not synced</source>
        <translation>&amp;No sincronizados</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="91"/>
        <source>Not synced (Alt+N)</source>
        <translation>No sincronizados (Alt+N)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="92"/>
        <source>How many clients</source>
        <translation>Cuántos clientes</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="93"/>
        <source>Clients</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="186"/>
        <source>Counting…</source>
        <translation>Contando…</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="212"/>
        <source>1 client</source>
        <translation>1 cliente</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="212"/>
        <source>{count} clients</source>
        <translation>{count} clientes</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/clients.py" line="234"/>
        <source>{count} found</source>
        <translation>{count} encontrados</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <location filename="../../outreach_app/ui/enroll_dialog.py" line="72"/>
        <source>Connect to the CoC gateway</source>
        <translation>Conectar con el gateway del CoC</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/enroll_dialog.py" line="80"/>
        <source>Set by your agency&apos;s IT.</source>
        <translation>Lo fija el equipo de TI de su agencia.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/enroll_dialog.py" line="82"/>
        <location filename="../../outreach_app/ui/enroll_dialog.py" line="96"/>
        <source>One-time code</source>
        <translation>Código de un solo uso</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/enroll_dialog.py" line="84"/>
        <source>e.g. Van 2 laptop</source>
        <translation>p. ej. portátil de la furgoneta 2</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/enroll_dialog.py" line="86"/>
        <source>Ask your supervisor for a one-time code. It works once, for one laptop.</source>
        <translation>Pida a su supervisor un código de un solo uso. Sirve una vez, para un solo portátil.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/enroll_dialog.py" line="93"/>
        <source>&amp;Connect</source>
        <translation>&amp;Conectar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/enroll_dialog.py" line="95"/>
        <source>Gateway address</source>
        <translation>Dirección del gateway</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/enroll_dialog.py" line="97"/>
        <source>Name of this laptop</source>
        <translation>Nombre de este portátil</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/enroll_dialog.py" line="113"/>
        <source>Type the one-time code and a name for this laptop.</source>
        <translation>Escriba el código de un solo uso y un nombre para este portátil.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/enroll_dialog.py" line="119"/>
        <source>The app is locked; unlock it and connect again.</source>
        <translation>La aplicación está bloqueada; desbloquéela y vuelva a conectar.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/enroll_dialog.py" line="122"/>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/enroll_dialog.py" line="129"/>
        <source>Connected. This laptop now syncs with the gateway.</source>
        <translation>Conectado. Este portátil ya se sincroniza con el gateway.</translation>
    </message>
</context>
<context>
    <name>FormTab</name>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="176"/>
        <source>Sync state</source>
        <translation>Estado de sincronización</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="199"/>
        <source>Fix the fields marked in red, then save.</source>
        <translation>Corrija los campos marcados en rojo y luego guarde.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="202"/>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="208"/>
        <source>Saved. {state}</source>
        <translation>Guardado. {state}</translation>
    </message>
</context>
<context>
    <name>HouseholdDialog</name>
    <message>
        <location filename="../../outreach_app/ui/household.py" line="96"/>
        <source>Add a household member</source>
        <extracomment>Relationships a member other than the head of household can have (list 3.15.1).</extracomment>
        <translation>Agregar un miembro del hogar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/household.py" line="104"/>
        <source>Find the person</source>
        <translation>Buscar a la persona</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/household.py" line="105"/>
        <source>Name, street name, date of birth or SSN digits</source>
        <translation>Nombre, apodo de la calle, fecha de nacimiento o dígitos del SSN</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/household.py" line="107"/>
        <source>People found</source>
        <translation>Personas encontradas</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/household.py" line="112"/>
        <location filename="../../outreach_app/ui/household.py" line="124"/>
        <source>Relationship to head of household</source>
        <translation>Relación con el jefe del hogar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/household.py" line="120"/>
        <source>Add to household</source>
        <translation>Agregar al hogar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/household.py" line="122"/>
        <source>Find</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/household.py" line="162"/>
        <source>Could not search: the app may be locked.</source>
        <translation>No se pudo buscar: es posible que la aplicación esté bloqueada.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/household.py" line="169"/>
        <source>Find and choose the person first.</source>
        <translation>Primero busque y elija a la persona.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/household.py" line="173"/>
        <source>Choose how they are related to the head.</source>
        <translation>Elija su relación con el jefe del hogar.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="142"/>
        <source>&amp;Outreach</source>
        <translation>&amp;Outreach</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="143"/>
        <source>&amp;Lock now</source>
        <translation>&amp;Bloquear ahora</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="148"/>
        <source>&amp;Sync now</source>
        <translation>&amp;Sincronizar ahora</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="149"/>
        <source>&amp;Connect to the CoC gateway…</source>
        <translation>&amp;Conectar con el gateway del CoC…</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="150"/>
        <source>&amp;About Outreach</source>
        <translation>&amp;Acerca de Outreach</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="151"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="154"/>
        <source>Cl&amp;ients</source>
        <translation>&amp;Clientes</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="155"/>
        <source>&amp;Find a client	Ctrl+F</source>
        <translation>&amp;Buscar un cliente	Ctrl+F</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="157"/>
        <source>&amp;New client	Ctrl+N</source>
        <translation>&amp;Nuevo cliente	Ctrl+N</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="174"/>
        <source>About Outreach</source>
        <translation>Acerca de Outreach</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="176"/>
        <source>Street outreach records, encrypted on this laptop.</source>
        <translation>Registros de alcance en la calle, cifrados en esta computadora.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="189"/>
        <source>Locked</source>
        <translation>Bloqueado</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="193"/>
        <source>New laptop: set up Outreach</source>
        <translation>Computadora nueva: configure Outreach</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="202"/>
        <source>Unlocked as {user}</source>
        <translation>Desbloqueado como {user}</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="206"/>
        <source>Could not open the workspace</source>
        <translation>No se pudo abrir el espacio de trabajo</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="235"/>
        <source>Restored {n} unsaved form(s) from before the lock.</source>
        <translation>Se recuperaron {n} formulario(s) sin guardar de antes del bloqueo.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="323"/>
        <source>The CoC gateway revoked this laptop, so its records were erased from it. Records that had synced are safe on the gateway. Ask IT before using this laptop again.</source>
        <translation>El gateway del CoC revocó este portátil, así que se borraron sus registros. Los registros que ya se habían sincronizado están a salvo en el gateway. Consulte a TI antes de volver a usar este portátil.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="333"/>
        <source>Could not erase</source>
        <translation>No se pudo borrar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="363"/>
        <source>Autosave failed.</source>
        <translation>Falló el guardado automático.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/app.py" line="433"/>
        <source>Outreach hit a bug</source>
        <translation>Outreach encontró un error</translation>
    </message>
</context>
<context>
    <name>NewClientDialog</name>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="42"/>
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="47"/>
        <source>DOB unknown</source>
        <translation>fecha de nacimiento desconocida</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="82"/>
        <source>New client</source>
        <translation>Nuevo cliente</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="88"/>
        <location filename="../../outreach_app/ui/new_client.py" line="99"/>
        <source>First name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="89"/>
        <location filename="../../outreach_app/ui/new_client.py" line="100"/>
        <source>Last name</source>
        <translation>Apellido</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="90"/>
        <location filename="../../outreach_app/ui/new_client.py" line="101"/>
        <source>Also known as</source>
        <translation>También conocido como</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="91"/>
        <location filename="../../outreach_app/ui/new_client.py" line="102"/>
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="92"/>
        <location filename="../../outreach_app/ui/new_client.py" line="103"/>
        <source>SSN</source>
        <translation>SSN</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="93"/>
        <source>9 digits; x for unknown ones, e.g. xxxxx1234</source>
        <translation>9 dígitos; x para los que no se saben, p. ej. xxxxx1234</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="104"/>
        <source>Type what you know; possible matches appear below.</source>
        <translation>Escriba lo que sepa; abajo aparecerán las posibles coincidencias.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="106"/>
        <source>Duplicate check</source>
        <translation>Búsqueda de duplicados</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="108"/>
        <source>People this might be</source>
        <translation>Personas que podrían ser</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="110"/>
        <source>&amp;Open this person</source>
        <translation>&amp;Abrir esta persona</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="112"/>
        <source>&amp;Create new person</source>
        <translation>&amp;Crear persona nueva</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="114"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="169"/>
        <source>Checking for people already on this laptop…</source>
        <translation>Buscando personas que ya están en esta computadora…</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="188"/>
        <source>This might be someone already here. Open them, or create a new person.</source>
        <translation>Podría ser alguien que ya está aquí. Ábralo o cree una persona nueva.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="191"/>
        <source>No one like this on this laptop.</source>
        <translation>No hay nadie parecido en esta computadora.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/new_client.py" line="197"/>
        <source>Could not check for duplicates; you may still create.</source>
        <translation>No se pudo buscar duplicados; de todos modos puede crearla.</translation>
    </message>
</context>
<context>
    <name>QuestionWidget</name>
    <message>
        <location filename="../../outreach_app/ui/ce_question.py" line="67"/>
        <source>Doesn&apos;t know</source>
        <translation>No sabe</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_question.py" line="68"/>
        <source>Prefers not to answer</source>
        <translation>Prefiere no responder</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_question.py" line="92"/>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_question.py" line="93"/>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_question.py" line="159"/>
        <source>Type a date like 2026-03-31 or 03/31/2026.</source>
        <translation>Escriba una fecha como 2026-03-31 o 03/31/2026.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_question.py" line="162"/>
        <source>Type a number, like 3.</source>
        <translation>Escriba un número, como 3.</translation>
    </message>
</context>
<context>
    <name>QuickContactDialog</name>
    <message>
        <location filename="../../outreach_app/ui/contact.py" line="70"/>
        <source>Type decimal degrees between -{limit} and {limit}, like 47.6062.</source>
        <translation>Escriba grados decimales entre -{limit} y {limit}, como 47.6062.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/contact.py" line="83"/>
        <source>Give both coordinates, or neither.</source>
        <translation>Escriba las dos coordenadas o ninguna.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/contact.py" line="120"/>
        <source>Record a contact</source>
        <translation>Registrar contacto</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/contact.py" line="131"/>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/contact.py" line="132"/>
        <source>Note (optional)</source>
        <translation>Nota (opcional)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/contact.py" line="137"/>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/contact.py" line="142"/>
        <source>Save (Ctrl+Enter)</source>
        <translation>Guardar (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/contact.py" line="148"/>
        <source>This is the first contact: it also enrolls the person in street outreach.</source>
        <translation>Este es el primer contacto: también inscribe a la persona en alcance en la calle.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/contact.py" line="179"/>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <location filename="../../outreach_app/ui/service.py" line="58"/>
        <source>Record a service or referral</source>
        <extracomment>The list that codes TypeProvided for each record type offered here.</extracomment>
        <translation>Registrar un servicio o una remisión</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/service.py" line="64"/>
        <location filename="../../outreach_app/ui/service.py" line="75"/>
        <source>Date provided</source>
        <translation>Fecha en que se prestó</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/service.py" line="67"/>
        <location filename="../../outreach_app/ui/service.py" line="76"/>
        <source>Record type</source>
        <translation>Tipo de registro</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/service.py" line="70"/>
        <location filename="../../outreach_app/ui/service.py" line="77"/>
        <location filename="../../outreach_app/ui/service.py" line="112"/>
        <source>Type provided</source>
        <translation>Tipo prestado</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/service.py" line="72"/>
        <location filename="../../outreach_app/ui/service.py" line="78"/>
        <source>Referral outcome</source>
        <translation>Resultado de la remisión</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/service.py" line="137"/>
        <source>Choose what was provided.</source>
        <translation>Elija lo que se prestó.</translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="172"/>
        <location filename="../../outreach_app/ui/unlock.py" line="184"/>
        <source>Agency</source>
        <translation>Agencia</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="174"/>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="176"/>
        <source>Full name</source>
        <translation>Nombre completo</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="177"/>
        <location filename="../../outreach_app/ui/unlock.py" line="187"/>
        <source>Passphrase</source>
        <translation>Frase de contraseña</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="178"/>
        <location filename="../../outreach_app/ui/unlock.py" line="188"/>
        <source>Passphrase again</source>
        <translation>Repita la frase de contraseña</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="180"/>
        <source>Create encrypted store</source>
        <translation>Crear almacén cifrado</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="185"/>
        <source>Your user name</source>
        <translation>Su nombre de usuario</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="186"/>
        <source>Your full name</source>
        <translation>Su nombre completo</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="191"/>
        <source>Everything Outreach keeps on this laptop is encrypted with your passphrase. Use at least 8 characters; a few words you will remember are best.</source>
        <translation>Todo lo que Outreach guarda en esta computadora se cifra con su frase de contraseña. Use al menos 8 caracteres; lo mejor son unas cuantas palabras que pueda recordar.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="197"/>
        <source>Set up Outreach</source>
        <translation>Configurar Outreach</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="205"/>
        <source>Recovery key</source>
        <translation>Clave de recuperación</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="206"/>
        <source>Print…</source>
        <translation>Imprimir…</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="207"/>
        <source>I have printed or written down the recovery key</source>
        <translation>Ya imprimí o anoté la clave de recuperación</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="208"/>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="212"/>
        <source>This recovery key opens the store if every passphrase is forgotten. It is shown only now. Print it or write it down, and keep it locked away from the laptop.</source>
        <translation>Esta clave de recuperación abre el almacén si se olvidan todas las frases de contraseña. Solo se muestra ahora. Imprímala o anótela, y guárdela bajo llave, lejos de la computadora.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="224"/>
        <source>Your recovery key</source>
        <translation>Su clave de recuperación</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="242"/>
        <source>Choose a user name.</source>
        <translation>Elija un nombre de usuario.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="246"/>
        <source>The two passphrases are not the same.</source>
        <translation>Las dos frases de contraseña no son iguales.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="251"/>
        <source>Creating the encrypted store…</source>
        <translation>Creando el almacén cifrado…</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="280"/>
        <source>Outreach recovery key</source>
        <translation>Clave de recuperación de Outreach</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="281"/>
        <source>Agency: {agency}</source>
        <translation>Agencia: {agency}</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="282"/>
        <source>First user: {user}</source>
        <translation>Primer usuario: {user}</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="283"/>
        <source>Keep this paper locked away from the laptop.</source>
        <translation>Guarde este papel bajo llave, lejos de la computadora.</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../outreach_app/ui/sync_panel.py" line="200"/>
        <source>This laptop is not connected to the CoC gateway yet. Use “Connect to the CoC gateway…” with the code from your supervisor.</source>
        <translation>Este portátil aún no está conectado al gateway del CoC. Use «Conectar con el gateway del CoC…» con el código de su supervisor.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/sync_panel.py" line="259"/>
        <source>Not connected to a gateway</source>
        <translation>Sin conexión a un gateway</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/sync_panel.py" line="261"/>
        <source>Syncing…</source>
        <translation>Sincronizando…</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/sync_panel.py" line="265"/>
        <source>Online</source>
        <translation>En línea</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/sync_panel.py" line="267"/>
        <source>Offline</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/sync_panel.py" line="267"/>
        <source>Sync failed</source>
        <translation>Falló la sincronización</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/sync_panel.py" line="270"/>
        <source>Last sync {time}</source>
        <translation>Última sincronización {time}</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/sync_panel.py" line="271"/>
        <source>{n} waiting</source>
        <translation>{n} en espera</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../outreach_app/ui/sync_panel.py" line="281"/>
        <source>Sync</source>
        <translation>Sincronización</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="93"/>
        <location filename="../../outreach_app/ui/unlock.py" line="103"/>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="94"/>
        <location filename="../../outreach_app/ui/unlock.py" line="95"/>
        <location filename="../../outreach_app/ui/unlock.py" line="104"/>
        <source>Passphrase</source>
        <translation>Frase de contraseña</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="96"/>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="100"/>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="124"/>
        <source>Type your passphrase.</source>
        <translation>Escriba su frase de contraseña.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/unlock.py" line="127"/>
        <source>Unlocking…</source>
        <translation>Desbloqueando…</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <location filename="../../outreach_app/ui/fields.py" line="38"/>
        <source>Doesn&apos;t know</source>
        <translation>No sabe</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/fields.py" line="39"/>
        <source>Prefers not to answer</source>
        <translation>Prefiere no responder</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/fields.py" line="40"/>
        <source>Not collected</source>
        <translation>No se recopiló</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/fields.py" line="122"/>
        <source>Code {code} (not in the list)</source>
        <translation>Código {code} (no está en la lista)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/fields.py" line="189"/>
        <source>YYYY-MM-DD or MM/DD/YYYY</source>
        <translation>AAAA-MM-DD o MM/DD/AAAA</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/fields.py" line="192"/>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/fields.py" line="228"/>
        <source>Type a date like 2026-03-31 or 03/31/2026.</source>
        <translation>Escriba una fecha como 2026-03-31 o 03/31/2026.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/fields.py" line="232"/>
        <source>This date is in the future.</source>
        <translation>Esta fecha es en el futuro.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/fields.py" line="318"/>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
</context>
<context>
    <name>forms</name>
    <message>
        <location filename="../../outreach_app/ui/ce_event.py" line="35"/>
        <source>Date of the event</source>
        <translation>Fecha del evento</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_event.py" line="36"/>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_event.py" line="39"/>
        <source>Client housed or re-housed in a safe alternative?</source>
        <translation>¿El cliente consiguió vivienda o se reubicó en una alternativa segura?</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_event.py" line="43"/>
        <source>Client enrolled in an aftercare project?</source>
        <translation>¿El cliente se inscribió en un proyecto de seguimiento (aftercare)?</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_event.py" line="47"/>
        <source>Location of the crisis or permanent housing opening</source>
        <translation>Lugar de la vacante de vivienda de crisis o permanente</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_event.py" line="49"/>
        <source>Referral result</source>
        <translation>Resultado de la remisión</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/ce_event.py" line="50"/>
        <source>Date of the result</source>
        <translation>Fecha del resultado</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/contact.py" line="41"/>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/contact.py" line="44"/>
        <source>Where is the person staying?</source>
        <translation>¿Dónde se está quedando la persona?</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/contact.py" line="49"/>
        <source>Place (e.g. under the 5th St bridge, north side)</source>
        <translation>Lugar (p. ej. debajo del puente de la calle 5, lado norte)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/contact.py" line="51"/>
        <source>Latitude (optional)</source>
        <translation>Latitud (opcional)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/contact.py" line="52"/>
        <source>Longitude (optional)</source>
        <translation>Longitud (opcional)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/forms.py" line="186"/>
        <source>none of these</source>
        <extracomment>Given the record as typed, the columns skip logic hides.</extracomment>
        <translation>ninguna de estas</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/forms.py" line="324"/>
        <source>This can&apos;t be read; check what was typed.</source>
        <translation>No se puede leer; revise lo que se escribió.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="31"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="32"/>
        <source>First name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="33"/>
        <source>Middle name</source>
        <translation>Segundo nombre</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="34"/>
        <source>Last name</source>
        <translation>Apellido</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="35"/>
        <source>Suffix</source>
        <translation>Sufijo</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="36"/>
        <source>Name quality</source>
        <translation>Calidad del nombre</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="37"/>
        <source>Also known as (separate with ;)</source>
        <translation>También conocido como (separe con ;)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="38"/>
        <source>Social Security number</source>
        <translation>Número de Seguro Social</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="39"/>
        <source>SSN (9 digits, x for unknown)</source>
        <translation>SSN (9 dígitos, x si no se sabe)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="40"/>
        <source>SSN quality</source>
        <translation>Calidad del SSN</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="41"/>
        <source>Birth</source>
        <translation>Nacimiento</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="42"/>
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="43"/>
        <source>Date of birth quality</source>
        <translation>Calidad de la fecha de nacimiento</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="44"/>
        <source>About</source>
        <translation>Datos personales</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="45"/>
        <source>Sex</source>
        <translation>Sexo</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="47"/>
        <source>Race and ethnicity</source>
        <translation>Raza y origen étnico</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="51"/>
        <source>American Indian, Alaska Native, or Indigenous</source>
        <translation>Indígena americano/a, nativo/a de Alaska o indígena</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="53"/>
        <source>Asian or Asian American</source>
        <translation>Asiático/a o asiático-americano/a</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="54"/>
        <source>Black, African American, or African</source>
        <translation>Negro/a, afroamericano/a o africano/a</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="55"/>
        <source>Hispanic/Latina/e/o</source>
        <translation>Hispano/a o latino/a/e</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="56"/>
        <source>Middle Eastern or North African</source>
        <translation>De Oriente Medio o del norte de África</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="57"/>
        <source>Native Hawaiian or Pacific Islander</source>
        <translation>Nativo/a de Hawái o de otra isla del Pacífico</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="58"/>
        <source>White</source>
        <translation>Blanco/a</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="64"/>
        <source>Additional race and ethnicity detail</source>
        <translation>Más detalles sobre raza y origen étnico</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="66"/>
        <source>Veteran status</source>
        <translation>Condición de veterano/a</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="70"/>
        <source>Release of information</source>
        <translation>Autorización para compartir información</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="71"/>
        <source>Signed or refused on</source>
        <translation>Firmada o rechazada el</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="72"/>
        <source>Expires on</source>
        <translation>Vence el</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="73"/>
        <source>Who may see identifying data</source>
        <translation>Quién puede ver los datos de identificación</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="74"/>
        <source>Notes (e.g. where the paper form is kept)</source>
        <translation>Notas (p. ej. dónde se guarda el formulario en papel)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="78"/>
        <source>Street outreach enrollment</source>
        <translation>Inscripción en alcance en la calle</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="79"/>
        <source>Project start date</source>
        <translation>Fecha de inicio en el proyecto</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="80"/>
        <source>CoC code (e.g. XX-500)</source>
        <translation>Código del CoC (p. ej. XX-500)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="81"/>
        <source>Relationship to head of household</source>
        <translation>Relación con el jefe o la jefa del hogar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="82"/>
        <source>Date of engagement</source>
        <translation>Fecha de vinculación</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="83"/>
        <source>Disabling condition</source>
        <translation>Condición discapacitante</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="84"/>
        <source>Prior living situation (3.917)</source>
        <translation>Situación de vivienda anterior (3.917)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="87"/>
        <source>Where the person stayed last night</source>
        <translation>Dónde pasó la persona la noche anterior</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="90"/>
        <source>Length of stay there</source>
        <translation>Tiempo que estuvo allí</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="91"/>
        <source>Was the stay under the threshold?</source>
        <translation>¿La estadía fue menor que el límite?</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="94"/>
        <source>On the street, in shelter or a Safe Haven the night before?</source>
        <translation>¿La noche anterior estuvo en la calle, en un albergue o en un Safe Haven?</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="98"/>
        <source>Approximate date this time on the street or in shelter began</source>
        <translation>Fecha aproximada en que comenzó esta vez en la calle o en un albergue</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="102"/>
        <source>Times homeless in the past three years</source>
        <translation>Veces sin hogar en los últimos tres años</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="106"/>
        <source>Months homeless in the past three years</source>
        <translation>Meses sin hogar en los últimos tres años</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="111"/>
        <source>Project exit date</source>
        <translation>Fecha de salida del proyecto</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="112"/>
        <source>Destination</source>
        <translation>Destino</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="113"/>
        <source>Subsidy type (rental with subsidy)</source>
        <translation>Tipo de subsidio (alquiler con subsidio)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_forms.py" line="114"/>
        <source>Other destination (describe)</source>
        <translation>Otro destino (describa)</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../outreach_app/ui/messages.py" line="31"/>
        <source>Something went wrong inside Outreach. Nothing you typed was lost.</source>
        <translation>Algo falló dentro de Outreach. No se perdió nada de lo que escribió.</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/messages.py" line="66"/>
        <source>Copy details</source>
        <translation>Copiar detalles</translation>
    </message>
</context>
<context>
    <name>record_lists</name>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="25"/>
        <source>Only on this laptop</source>
        <translation>Solo en esta computadora</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="66"/>
        <location filename="../../outreach_app/ui/record_lists.py" line="73"/>
        <location filename="../../outreach_app/ui/record_lists.py" line="80"/>
        <location filename="../../outreach_app/ui/record_lists.py" line="98"/>
        <source>Date</source>
        <extracomment>The list coding a service&apos;s TypeProvided, by its RecordType (HMIS 4.14 and PATH).</extracomment>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="68"/>
        <source>Living situation</source>
        <translation>Situación de vivienda</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="70"/>
        <source>Place</source>
        <translation>Lugar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="74"/>
        <source>Location</source>
        <translation>Lugar</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="75"/>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="76"/>
        <source>Level</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="77"/>
        <source>Prioritization</source>
        <translation>Priorización</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="81"/>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="82"/>
        <source>Referral result</source>
        <translation>Resultado de la remisión</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="83"/>
        <source>Result date</source>
        <translation>Fecha del resultado</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="99"/>
        <source>Record type</source>
        <translation>Tipo de registro</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="100"/>
        <source>Type provided</source>
        <translation>Tipo de servicio prestado</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="127"/>
        <source>Sync</source>
        <translation>Sincronización</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="162"/>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="163"/>
        <source>Changed</source>
        <translation>Cambiado</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="164"/>
        <source>Deleted</source>
        <translation>Eliminado</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="165"/>
        <source>Viewed</source>
        <translation>Visto</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="172"/>
        <source>When (UTC)</source>
        <translation>Cuándo (UTC)</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="173"/>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="174"/>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="175"/>
        <source>Record</source>
        <translation>Registro</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="178"/>
        <source>History of changes</source>
        <translation>Historial de cambios</translation>
    </message>
    <message>
        <location filename="../../outreach_app/ui/record_lists.py" line="189"/>
        <source>someone else</source>
        <translation>otra persona</translation>
    </message>
</context>
</TS>
